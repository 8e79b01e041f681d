package dev.awsvault.core;

import java.time.Duration;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.core.config.ProfileConfig;

/**
 * The original's provider tree ({@code vault/vault.go}, reference §4.1–§4.3): stored keys under the profile's name
 * win over {@code source_profile}; a role is assumed on top of whatever the source yields (with the chained-MFA
 * rule); GetSessionToken wraps only stored keys, and only when {@link #canUseGetSessionToken} allows; profiles with
 * neither go to the base sources (SSO › web identity › credential_process › third parties, by service ranking).
 * Every node but the stored keys goes through the session cache, by the original's rules.
 */
public final class CredentialChain {
    /** AWS's limit for a role assumed with role credentials. */
    static final Duration ROLE_CHAINING_LIMIT = Duration.ofHours(1);

    private final VaultContext context;
    private final boolean noSession;
    private final boolean useCache;
    private final String sessionlessProfile;
    private String chainedMfa = "";
    private boolean mayOpenBrowser = true;
    private boolean avoidTerminal;

    /** A chain for exec and export: {@code --no-session} disables GetSessionToken. */
    public CredentialChain(VaultContext context, boolean noSession) {
        this(context, noSession, true, "");
    }

    /**
     * @param useCache           false for rotate, which must not use or fill the cache
     * @param sessionlessProfile a profile that never gets GetSessionToken (login's target), or empty
     */
    public CredentialChain(VaultContext context, boolean noSession, boolean useCache, String sessionlessProfile) {
        this.context = context;
        this.noSession = noSession;
        this.useCache = useCache;
        this.sessionlessProfile = sessionlessProfile;
    }

    /** {@code --stdout}: print sign-in links instead of opening the browser. */
    public CredentialChain printLinksOnly(boolean printOnly) {
        this.mayOpenBrowser = !printOnly;
        return this;
    }

    /**
     * Ask for MFA codes with a prompt driver other than the terminal, as the original does for the credential servers:
     * while a server runs, its child program owns the terminal.
     */
    public CredentialChain avoidTerminalPrompts(boolean avoid) {
        this.avoidTerminal = avoid;
        return this;
    }

    public AwsCredentials retrieve(ProfileConfig profile) {
        return provider(profile).retrieve();
    }

    /** The provider for a profile; building it does no I/O beyond looking up stored keys. */
    public CredentialProvider provider(ProfileConfig p) {
        String name = p.profileName();
        boolean stored = context.vault().credentials().has(name);
        if (stored || p.sourceProfile().isPresent()) {
            CredentialProvider source = stored ? master(name) : provider(p.sourceProfile().get());
            if (p.hasRole()) {
                String mfa = p.mfaSerial();
                if (!mfa.isEmpty() && mfa.equals(chainedMfa)) {
                    mfa = ""; // "chained MFA": the session the source made already carries the MFA
                }
                CredentialProvider role = wrap(CredentialSource.ASSUME_ROLE, p, mfa, source, p.assumeRoleDuration());
                return mfa.isEmpty() ? role : cached(CredentialSource.ASSUME_ROLE, name, mfa, role);
            }
            if (stored && canUseGetSessionToken(p)) {
                chainedMfa = p.mfaSerial();
                Duration d = p.isChained() ? p.chainedGetSessionTokenDuration() : p.nonChainedGetSessionTokenDuration();
                return cached(CredentialSource.GET_SESSION_TOKEN, name, p.mfaSerial(),
                        wrap(CredentialSource.GET_SESSION_TOKEN, p, p.mfaSerial(), source, d));
            }
            return source;
        }
        // The built-in base sources are chosen from the profile alone, so a cached session is found without
        // starting any source bundle (and the AWS SDK under it).
        String builtIn = p.hasSsoStartUrl() ? CredentialSource.SSO_ROLE_CREDENTIALS
                : p.hasWebIdentity() ? CredentialSource.ASSUME_ROLE_WITH_WEB_IDENTITY
                : p.hasCredentialProcess() ? CredentialSource.CREDENTIAL_PROCESS : null;
        if (builtIn != null) {
            String mfaField = builtIn.equals(CredentialSource.SSO_ROLE_CREDENTIALS) ? p.ssoStartUrl() : "";
            return cached(builtIn, name, mfaField, wrap(builtIn, p, p.mfaSerial(), null, p.assumeRoleDuration()));
        }
        // Third-party base sources, by service ranking, for profiles none of the built-in ones claims.
        for (CredentialSource base : context.baseCredentialSources()) {
            Optional<CredentialProvider> provider = base.providerFor(
                    new ChainRequest(context, p, p.mfaSerial(), null, p.assumeRoleDuration(), mayOpenBrowser,
                            avoidTerminal));
            if (provider.isPresent()) {
                return cached(base.name(), name, "", provider.get());
            }
        }
        throw new AwsVaultException("profile " + name + ": credentials missing");
    }

    /**
     * The original's {@code canUseGetSessionToken}: never with {@code --no-session}, for login's target or a profile
     * with a role; for a profile that is the source of a role, only when both have the same non-empty
     * {@code mfa_serial} and the role's session is within the 1-hour role-chaining limit.
     */
    private boolean canUseGetSessionToken(ProfileConfig p) {
        if (noSession || p.profileName().equals(sessionlessProfile) || p.hasRole()) {
            return false;
        }
        Optional<ProfileConfig> role = p.chainedFromProfile();
        if (role.isPresent()) {
            ProfileConfig r = role.get();
            return r.hasMfaSerial() && p.hasMfaSerial() && r.mfaSerial().equals(p.mfaSerial())
                    && r.assumeRoleDuration().compareTo(ROLE_CHAINING_LIMIT) <= 0;
        }
        return true;
    }

    private CredentialProvider master(String name) {
        return () -> context.vault().credentials().get(name)
                .orElseThrow(() -> new AwsVaultException("profile " + name + ": credentials missing"));
    }

    /**
     * The named source's provider, looked up only when credentials are needed (after a cache miss): the source
     * bundles are started on demand.
     */
    private CredentialProvider wrap(String sourceName, ProfileConfig p, String mfa, CredentialProvider upstream,
            Duration duration) {
        return () -> {
            CredentialSource source = context.credentialSource(sourceName)
                    .orElseThrow(() -> notInstalled(p.profileName(), sourceName));
            return source.providerFor(new ChainRequest(context, p, mfa, upstream, duration, mayOpenBrowser,
                    avoidTerminal))
                    .orElseThrow(() -> new AwsVaultException("profile " + p.profileName() + ": " + sourceName
                            + " does not apply to this profile"))
                    .retrieve();
        };
    }

    /**
     * A provider that assumes {@code roleArn} with the credentials {@code base} yields, as the ECS server's
     * {@code /role-arn/<arn>} route does ({@code server/ecsserver.go}): the profile's region, endpoints and AssumeRole
     * duration, a Unix-nanosecond session name, no MFA and none of the profile's own role settings. Not cached: the
     * caller keeps the result in memory.
     */
    public CredentialProvider assumeRoleOnTop(ProfileConfig p, String roleArn, CredentialProvider base) {
        return () -> {
            CredentialSource source = context.credentialSource(CredentialSource.ASSUME_ROLE)
                    .orElseThrow(() -> notInstalled(p.profileName(), CredentialSource.ASSUME_ROLE));
            return source.providerFor(ChainRequest.forRole(context, p, roleArn, base, avoidTerminal))
                    .orElseThrow(() -> new AwsVaultException("profile " + p.profileName() + ": "
                            + CredentialSource.ASSUME_ROLE + " does not apply to role " + roleArn))
                    .retrieve();
        };
    }

    private CredentialProvider cached(String type, String profile, String mfa, CredentialProvider inner) {
        return useCache ? new CachedProvider(context, type, profile, mfa, inner) : inner;
    }

    private static AwsVaultException notInstalled(String profile, String source) {
        return new AwsVaultException("profile " + profile + ": the credential source " + source
                + " is not installed");
    }
}
