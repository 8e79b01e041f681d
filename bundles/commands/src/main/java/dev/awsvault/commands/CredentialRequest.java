package dev.awsvault.commands;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.core.CredentialChain;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;

/** Resolves a profile's config and credentials the way exec and export share. */
final class CredentialRequest {
    final String profileName;
    final ProfileConfig profile;
    final AwsCredentials credentials;

    private CredentialRequest(String profileName, ProfileConfig profile, AwsCredentials credentials) {
        this.profileName = profileName;
        this.profile = profile;
        this.credentials = credentials;
    }

    static CredentialRequest resolve(CommandContext ctx, VaultContext vc) {
        ProfileConfig profile = loadProfile(ctx, vc);
        AwsCredentials creds = new CredentialChain(vc, ctx.isSet("no-session"))
                .printLinksOnly(ctx.isSet("stdout")).retrieve(profile);
        return new CredentialRequest(profile.profileName(), profile, creds);
    }

    /** The profile's config from the flags, the environment and the config file; no credentials yet. */
    static ProfileConfig loadProfile(CommandContext ctx, VaultContext vc) {
        String name = CredentialFlags.profile(ctx);
        ProfileConfig.Base base = ProfileConfig.Base.empty().withRegion(ctx.flag("region").orElse(""))
                .withMfaToken(ctx.flag("mfa-token").orElse("")).withDuration(CredentialFlags.duration(ctx));
        ProfileConfig profile = new ConfigLoader(vc.config(), ctx.invocation().environment(), base).load(name);
        ctx.debug("Loaded config for profile \"" + name + "\"");
        return profile;
    }

    String region() {
        return profile.region();
    }
}
