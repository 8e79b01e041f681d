package dev.awsvault.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.core.ClientSettings;
import dev.awsvault.core.CredentialChain;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.GoDuration;
import dev.awsvault.core.config.ProfileConfig;

/**
 * What {@code login} does ({@code cli/login.go}, reference §8, checklist 42–43): get console-capable credentials,
 * trade them for a sign-in token at the partition's federation endpoint, and open (or print) the sign-in URL.
 *
 * <ul>
 * <li>A profile whose credentials come from AssumeRole, SSO or web identity: those role credentials are used as they
 *     are. GetSessionToken is never used for the profile itself.</li>
 * <li>Anything else (stored keys, credential_process, keys in the environment): {@code sts:GetCallerIdentity} tells
 *     what they are. An assumed role (and, beyond the original, a federated user) signs in as it is; an IAM user (or
 *     the root user) gets {@code sts:GetFederationToken} named after it (at most 32 characters) with an allow-all
 *     policy, for {@code --duration} › {@code AWS_FEDERATION_TOKEN_TTL} › 1h.</li>
 * <li>{@code --duration} also becomes the console session's {@code SessionDuration} for role credentials (the
 *     original never sends it); federated sessions last as long as their token, which {@code --duration} already
 *     set.</li>
 * </ul>
 */
final class ConsoleLogin {
    /** GetFederationToken's session policy: the user's own permissions, unrestricted (the original's). */
    static final String ALLOW_ALL_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    static final int MAX_FEDERATED_NAME_LENGTH = 32;
    static final Duration MIN_SESSION = Duration.ofMinutes(15);
    static final Duration MAX_CONSOLE_SESSION = Duration.ofHours(12);

    private final CommandContext ctx;
    private final VaultContext vc;
    private final BrowserOpener browser;

    ConsoleLogin(CommandContext ctx, VaultContext vc, BrowserOpener browser) {
        this.ctx = ctx;
        this.vc = vc;
        this.browser = browser;
    }

    int run() {
        Map<String, String> env = ctx.invocation().environment();
        Duration duration = CredentialFlags.duration(ctx);
        if (!duration.isZero() && duration.compareTo(MIN_SESSION) < 0) {
            throw new AwsVaultException("invalid --duration " + GoDuration.toGoString(duration)
                    + ": AWS sessions last at least 15m");
        }
        String name = ctx.arg("profile").filter(p -> !p.isEmpty())
                .orElseGet(() -> env.getOrDefault("AWS_PROFILE", ""));
        ProfileConfig.Base base = ProfileConfig.Base.empty().withRegion(ctx.flag("region").orElse(""))
                .withMfaToken(ctx.flag("mfa-token").orElse("")).withDuration(duration)
                .withGetFederationTokenDuration(duration);
        ProfileConfig profile = new ConfigLoader(vc.config(), env, base).load(name);

        AwsCredentials credentials;
        boolean roleSession;
        if (name.isEmpty()) {
            credentials = environmentCredentials(env).orElseThrow(() -> new AwsVaultException(
                    "argument 'profile' not provided, nor any AWS env vars found. Try --help"));
            roleSession = false;
            ctx.debug("Using the credentials in the environment");
        } else {
            roleSession = roleSession(profile, vc.vault());
            if (!roleSession) {
                requireRegion(profile);
            }
            credentials = new CredentialChain(vc, ctx.isSet("no-session"), true, name)
                    .printLinksOnly(ctx.isSet("stdout")).retrieve(profile);
        }

        if (!roleSession) {
            requireRegion(profile);
            AwsClientSettings aws = ClientSettings.of(profile, env);
            String arn = Aws.callerArn(aws, credentials);
            String resource = arnResource(arn);
            if (resource.startsWith("assumed-role")) {
                roleSession = true;
            } else if (!resource.startsWith("federated-user/")) {
                ctx.debug("Creating a federated session");
                credentials = Aws.federationToken(aws, credentials, federatedName(arn), ALLOW_ALL_POLICY,
                        profile.getFederationTokenDuration());
            }
        }

        long sessionDuration = 0;
        if (!duration.isZero() && roleSession) {
            if (duration.compareTo(MAX_CONSOLE_SESSION) > 0) {
                throw new AwsVaultException("invalid --duration " + GoDuration.toGoString(duration)
                        + ": a console session lasts at most 12h");
            }
            sessionDuration = duration.toSeconds();
        }
        credentials.expiration().ifPresent(e -> ctx.debug("Requesting a signin token for session expiring in "
                + GoDuration.toGoString(Duration.between(Instant.now(), e))));

        FederationUrls urls = FederationUrls.of(profile.region(), ctx.flag("path").orElse(""), env);
        String token = new SigninTokens(ClientSettings.CONNECT_TIMEOUT, ClientSettings.READ_TIMEOUT)
                .request(urls, credentials, sessionDuration, ctx::debug);
        String url = ctx.isSet("auto-logout") ? urls.loginAfterSignOut(token) : urls.login(token);
        if (ctx.isSet("stdout")) {
            ctx.invocation().out().println(url);
            ctx.invocation().out().flush();
        } else {
            browser.open(url, env, ctx.invocation().workingDirectory());
        }
        return 0;
    }

    /**
     * Whether the profile's provider is AssumeRole, SSO or web identity (the original's {@code
     * canProviderBeUsedForLogin}), by the provider tree's own rules: stored keys win over {@code source_profile}, a
     * role is assumed on top of them, a profile with a source and no role uses its source's provider.
     */
    static boolean roleSession(ProfileConfig p, Vault vault) {
        boolean stored = vault.credentials().has(p.profileName());
        if (stored || p.sourceProfile().isPresent()) {
            if (p.hasRole()) {
                return true;
            }
            return !stored && roleSession(p.sourceProfile().get(), vault);
        }
        return p.hasSsoStartUrl() || p.hasWebIdentity();
    }

    /**
     * Keys in the environment, as the Go SDK's {@code NewEnvConfig} reads them: {@code AWS_ACCESS_KEY_ID} (or
     * {@code AWS_ACCESS_KEY}), {@code AWS_SECRET_ACCESS_KEY} (or {@code AWS_SECRET_KEY}), {@code AWS_SESSION_TOKEN}.
     */
    static Optional<AwsCredentials> environmentCredentials(Map<String, String> env) {
        String id = first(env, "AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String secret = first(env, "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY");
        if (secret.isEmpty()) {
            throw new AwsVaultException("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        }
        return Optional.of(AwsCredentials.of(id, secret, env.getOrDefault("AWS_SESSION_TOKEN", ""), null));
    }

    /** The resource part of an ARN (its sixth field), e.g. {@code assumed-role/Admin/session}. */
    static String arnResource(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length < 6) {
            throw new AwsVaultException("unable to parse ARN: " + arn);
        }
        return parts[5];
    }

    /**
     * GetFederationToken's {@code Name}: the IAM user's name (the last part of {@code user/<path/>name}), or
     * {@code root} for the account's root user, cut to 32 characters.
     */
    static String federatedName(String arn) {
        String resource = arnResource(arn);
        String name;
        if (resource.startsWith("user/")) {
            name = resource.substring(resource.lastIndexOf('/') + 1);
        } else if (resource.equals("root")) {
            name = "root";
        } else {
            throw new AwsVaultException("cannot sign in to the console with the credentials of " + arn
                    + ": they are neither a role's nor an IAM user's");
        }
        return name.length() > MAX_FEDERATED_NAME_LENGTH ? name.substring(0, MAX_FEDERATED_NAME_LENGTH) : name;
    }

    private static void requireRegion(ProfileConfig profile) {
        if (profile.region().isEmpty()) {
            throw new AwsVaultException("login needs a region to call STS: none is set for "
                    + (profile.profileName().isEmpty() ? "the environment's credentials"
                            : "profile " + profile.profileName())
                    + " (set region in the profile, AWS_REGION, or --region)");
        }
    }

    private static String first(Map<String, String> env, String name, String alternative) {
        String v = env.getOrDefault(name, "");
        return v.isEmpty() ? env.getOrDefault(alternative, "") : v;
    }
}
