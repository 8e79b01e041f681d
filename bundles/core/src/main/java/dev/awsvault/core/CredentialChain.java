package dev.awsvault.core;

import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.core.config.ProfileConfig;

/**
 * Decides where a profile's credentials come from, by the original's provider-chain rules ({@code vault/vault.go}):
 * stored keys under the profile's name win over {@code source_profile}; then SSO, web identity, credential_process.
 * This foundation resolves the branches that need no AWS call (stored keys with {@code --no-session}, through
 * source_profile chains without roles); the branches that need STS or SSO report so clearly until the credential
 * sources are installed.
 */
public final class CredentialChain {
    private final VaultContext context;
    private final boolean noSession;

    public CredentialChain(VaultContext context, boolean noSession) {
        this.context = context;
        this.noSession = noSession;
    }

    public AwsCredentials retrieve(ProfileConfig profile) {
        String name = profile.profileName();
        boolean stored = context.vault().credentials().has(name);
        Optional<ProfileConfig> source = profile.sourceProfile();
        if (stored || source.isPresent()) {
            if (profile.hasRole()) {
                throw notYet(name, "assuming role " + profile.roleArn());
            }
            if (stored) {
                if (!noSession) {
                    throw notYet(name, "a session from GetSessionToken (use --no-session for the stored keys)");
                }
                return context.vault().credentials().get(name)
                        .orElseThrow(() -> new AwsVaultException("profile " + name + ": credentials missing"));
            }
            return retrieve(source.get());
        }
        if (profile.hasSsoStartUrl()) {
            throw notYet(name, "SSO credentials");
        }
        if (profile.hasWebIdentity()) {
            throw notYet(name, "web identity credentials");
        }
        if (profile.hasCredentialProcess()) {
            throw notYet(name, "credential_process credentials");
        }
        throw new AwsVaultException("profile " + name + ": credentials missing");
    }

    private static AwsVaultException notYet(String profile, String what) {
        return new AwsVaultException("profile " + profile + ": " + what
                + " needs a credential source that is not installed in this build");
    }
}
