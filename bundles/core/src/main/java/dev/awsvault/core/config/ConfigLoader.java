package dev.awsvault.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a {@link ProfileConfig} from the CLI flags, the environment and the config file, as the original's
 * {@code ConfigLoader.GetProfileConfig} does. Precedence, highest first: flag ({@link ProfileConfig.Base}) › environment
 * › the profile's section › its {@code include_profile} chain › {@code [default]} › built-in defaults. Each step only
 * fills values that are still empty.
 *
 * <ol>
 * <li>Start from the base (flags): region, MFA token, durations.</li>
 * <li>Environment: {@code AWS_REGION} then {@code AWS_DEFAULT_REGION}, {@code AWS_STS_REGIONAL_ENDPOINTS},
 *     {@code AWS_ENDPOINT_URL} (ByteNess fork), {@code AWS_MFA_SERIAL}, {@code AWS_ASSUME_ROLE_TTL},
 *     {@code AWS_SESSION_TOKEN_TTL}, {@code AWS_CHAINED_SESSION_TOKEN_TTL}, {@code AWS_FEDERATION_TOKEN_TTL} (Go
 *     durations; invalid values are ignored) apply to every profile of the chain. {@code AWS_ROLE_ARN},
 *     {@code AWS_ROLE_SESSION_NAME}, {@code AWS_SESSION_TAGS} (a bad value is fatal), {@code AWS_TRANSITIVE_TAGS}
 *     and {@code AWS_SOURCE_IDENTITY} apply only to the profile passed to {@link #load}. Empty variables are unset.</li>
 * <li>The profile's section, then recursively its {@code include_profile} if set, else {@code [default]} (unless
 *     the profile is {@code default}). Visiting a profile twice is an error ("Loop detected in config file for
 *     profile 'X'"). A missing section is not an error. {@code sso_session} pulls {@code sso_start_url},
 *     {@code sso_region} and {@code sso_registration_scopes} from its {@code [sso-session]} section, overriding
 *     inline values. {@code duration_seconds} sets the AssumeRole duration only.</li>
 * <li>Defaults: AssumeRole 1h, GetSessionToken 1h, chained GetSessionToken 8h, GetFederationToken 1h.</li>
 * <li>A {@code source_profile} naming the profile itself is dropped. Otherwise the source profile is loaded the
 *     same way with the same base (its own {@code mfa_serial}, not this one's) and linked both ways. A
 *     {@code source_profile} cycle is an error (the original recurses until it crashes).</li>
 * </ol>
 */
public final class ConfigLoader {

    private final ConfigFile file;
    private final Map<String, String> environment;
    private final ProfileConfig.Base base;
    private final Consumer<String> debug;

    public ConfigLoader(ConfigFile file, Map<String, String> environment, ProfileConfig.Base base) {
        this(file, environment, base, m -> { });
    }

    /** @param debug receives the original's debug log lines (never the MFA token) */
    public ConfigLoader(ConfigFile file, Map<String, String> environment, ProfileConfig.Base base, Consumer<String> debug) {
        this.file = Objects.requireNonNull(file, "file");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.base = base == null ? ProfileConfig.Base.EMPTY : base;
        this.debug = debug == null ? m -> { } : debug;
    }

    public ConfigFile file() {
        return file;
    }

    /**
     * Resolves {@code profileName} as the target profile (the one the role-only variables apply to), and its
     * {@code source_profile} chain.
     *
     * @throws ConfigException on an {@code include_profile} or {@code source_profile} loop, or a bad
     *     {@code session_tags} / {@code AWS_SESSION_TAGS}
     */
    public ProfileConfig load(String profileName) {
        Objects.requireNonNull(profileName, "profileName");
        return load(profileName, true, new ArrayList<>());
    }

    private ProfileConfig load(String profileName, boolean target, List<String> sourceChain) {
        ProfileConfig config = new ProfileConfig(profileName, base);
        populateFromEnv(config, target);

        List<ConfigFile.Section> visitedSections = new ArrayList<>();
        populateFromConfigFile(config, profileName, new ArrayList<>(), visitedSections);
        config.includeProfile = file.profile(profileName).flatMap(s -> s.get("include_profile")).orElse("");
        config.rawValues = rawValues(visitedSections);

        populateFromDefaults(config);

        if (!config.sourceProfileName.isEmpty()) {
            sourceChain.add(profileName);
            if (sourceChain.contains(config.sourceProfileName)) {
                throw new ConfigException("Loop detected in config file for profile '" + config.sourceProfileName
                        + "': source_profile chain " + String.join(" -> ", sourceChain) + " -> " + config.sourceProfileName);
            }
            ProfileConfig source = load(config.sourceProfileName, false, sourceChain);
            source.chainedFromProfile = config;
            config.sourceProfile = source;
        }
        return config;
    }

    private void populateFromEnv(ProfileConfig p, boolean target) {
        p.region = fill(p.region, "AWS_REGION", "region");
        p.region = fill(p.region, "AWS_DEFAULT_REGION", "region");
        p.stsRegionalEndpoints = fill(p.stsRegionalEndpoints, "AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints");
        p.endpointUrl = fill(p.endpointUrl, "AWS_ENDPOINT_URL", "endpoint_url");
        p.mfaSerial = fill(p.mfaSerial, "AWS_MFA_SERIAL", "mfa_serial");
        if (p.assumeRoleDuration.isZero()) {
            p.assumeRoleDuration = ttl("AWS_ASSUME_ROLE_TTL");
        }
        if (p.nonChainedGetSessionTokenDuration.isZero()) {
            p.nonChainedGetSessionTokenDuration = ttl("AWS_SESSION_TOKEN_TTL");
        }
        if (p.chainedGetSessionTokenDuration.isZero()) {
            p.chainedGetSessionTokenDuration = ttl("AWS_CHAINED_SESSION_TOKEN_TTL");
        }
        if (p.getFederationTokenDuration.isZero()) {
            p.getFederationTokenDuration = ttl("AWS_FEDERATION_TOKEN_TTL");
        }

        // AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME, AWS_SESSION_TAGS, AWS_TRANSITIVE_TAGS and AWS_SOURCE_IDENTITY only
        // apply to the target profile
        if (!target) {
            return;
        }
        p.roleArn = fill(p.roleArn, "AWS_ROLE_ARN", "role_arn");
        p.roleSessionName = fill(p.roleSessionName, "AWS_ROLE_SESSION_NAME", "role_session_name");
        String sessionTags = env("AWS_SESSION_TAGS");
        if (!sessionTags.isEmpty() && p.sessionTags == null) {
            try {
                p.sessionTags = ProfileConfig.parseSessionTags(sessionTags);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Failed to parse AWS_SESSION_TAGS environment variable: " + e.getMessage());
            }
            debug.accept("Using session_tags " + p.sessionTags + " from AWS_SESSION_TAGS");
        }
        String transitive = env("AWS_TRANSITIVE_TAGS");
        if (!transitive.isEmpty() && p.transitiveSessionTags == null) {
            p.transitiveSessionTags = ProfileConfig.parseTransitiveSessionTags(transitive);
            debug.accept("Using transitive_session_tags " + p.transitiveSessionTags + " from AWS_TRANSITIVE_TAGS");
        }
        p.sourceIdentity = fill(p.sourceIdentity, "AWS_SOURCE_IDENTITY", "source_identity");
    }

    /** Environment beats the config file: a variable fills a field that flags left empty. */
    private String fill(String current, String variable, String key) {
        String value = env(variable);
        if (value.isEmpty() || !current.isEmpty()) {
            return current;
        }
        debug.accept("Using " + key + " \"" + value + "\" from " + variable);
        return value;
    }

    /** A TTL variable in Go duration syntax; unset or invalid gives zero (the original ignores invalid values). */
    private Duration ttl(String name) {
        String value = env(name);
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        Optional<Duration> d = GoDuration.tryParse(value);
        if (d.isEmpty()) {
            debug.accept("Ignoring " + name + "=\"" + value + "\": not a duration like 1h or 90m");
            return Duration.ZERO;
        }
        debug.accept("Using a duration of " + GoDuration.toGoString(d.get()) + " from " + name);
        return d.get();
    }

    private void populateFromConfigFile(ProfileConfig config, String profileName, List<String> visited,
            List<ConfigFile.Section> visitedSections) {
        if (visited.contains(profileName)) {
            throw new ConfigException("Loop detected in config file for profile '" + profileName + "'");
        }
        visited.add(profileName);

        Optional<ConfigFile.Section> section = file.profile(profileName);
        if (section.isEmpty()) {
            debug.accept("Profile '" + profileName + "' missing in config file");
        } else {
            visitedSections.add(section.get());
        }
        ConfigFile.Section ps = section.orElse(null);

        if (config.mfaSerial.isEmpty()) {
            config.mfaSerial = get(ps, "mfa_serial");
        }
        if (config.roleArn.isEmpty()) {
            config.roleArn = get(ps, "role_arn");
        }
        if (config.externalId.isEmpty()) {
            config.externalId = get(ps, "external_id");
        }
        if (config.region.isEmpty()) {
            config.region = get(ps, "region");
        }
        if (config.roleSessionName.isEmpty()) {
            config.roleSessionName = get(ps, "role_session_name");
        }
        if (config.assumeRoleDuration.isZero()) {
            config.assumeRoleDuration = durationSeconds(get(ps, "duration_seconds"));
        }
        if (config.sourceProfileName.isEmpty()) {
            config.sourceProfileName = get(ps, "source_profile");
        }
        if (config.ssoSession.isEmpty()) {
            String ssoSession = get(ps, "sso_session");
            config.ssoSession = ssoSession;
            if (!ssoSession.isEmpty()) {
                // [sso-session] values are assigned outright, so they win over inline sso_start_url/sso_region
                Optional<ConfigFile.Section> sso = file.ssoSession(ssoSession);
                if (sso.isPresent()) {
                    config.ssoStartUrl = get(sso.get(), "sso_start_url");
                    config.ssoRegion = get(sso.get(), "sso_region");
                    config.ssoRegistrationScopes = get(sso.get(), "sso_registration_scopes");
                } else {
                    debug.accept("[sso-session] '" + ssoSession + "' missing in config file");
                }
            }
        }
        if (config.ssoStartUrl.isEmpty()) {
            config.ssoStartUrl = get(ps, "sso_start_url");
        }
        if (config.ssoRegion.isEmpty()) {
            config.ssoRegion = get(ps, "sso_region");
        }
        if (config.ssoAccountId.isEmpty()) {
            config.ssoAccountId = get(ps, "sso_account_id");
        }
        if (config.ssoRoleName.isEmpty()) {
            config.ssoRoleName = get(ps, "sso_role_name");
        }
        if (config.webIdentityTokenFile.isEmpty()) {
            config.webIdentityTokenFile = get(ps, "web_identity_token_file");
        }
        if (config.webIdentityTokenProcess.isEmpty()) {
            config.webIdentityTokenProcess = get(ps, "web_identity_token_process");
        }
        if (config.stsRegionalEndpoints.isEmpty()) {
            config.stsRegionalEndpoints = get(ps, "sts_regional_endpoints");
        }
        if (config.endpointUrl.isEmpty()) {
            config.endpointUrl = get(ps, "endpoint_url");
        }
        if (config.sourceIdentity.isEmpty()) {
            config.sourceIdentity = get(ps, "source_identity");
        }
        if (config.credentialProcess.isEmpty()) {
            config.credentialProcess = get(ps, "credential_process");
        }
        if (config.mfaProcess.isEmpty()) {
            config.mfaProcess = get(ps, "mfa_process");
        }
        String sessionTags = get(ps, "session_tags");
        if (!sessionTags.isEmpty() && config.sessionTags == null) {
            try {
                config.sessionTags = ProfileConfig.parseSessionTags(sessionTags);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Failed to parse session_tags profile setting in profile '" + profileName
                        + "': " + e.getMessage());
            }
        }
        String transitive = get(ps, "transitive_session_tags");
        if (!transitive.isEmpty() && config.transitiveSessionTags == null) {
            config.transitiveSessionTags = ProfileConfig.parseTransitiveSessionTags(transitive);
        }

        String include = get(ps, "include_profile");
        if (!include.isEmpty()) {
            populateFromConfigFile(config, include, visited, visitedSections);
        } else if (!profileName.equals(ConfigFile.DEFAULT_PROFILE)) {
            populateFromConfigFile(config, ConfigFile.DEFAULT_PROFILE, visited, visitedSections);
        }

        // Ignore source_profile if it recursively refers to the profile
        if (config.sourceProfileName.equals(config.profileName)) {
            config.sourceProfileName = "";
        }
    }

    private static void populateFromDefaults(ProfileConfig config) {
        if (config.assumeRoleDuration.isZero()) {
            config.assumeRoleDuration = Duration.ofHours(1);
        }
        if (config.getFederationTokenDuration.isZero()) {
            config.getFederationTokenDuration = Duration.ofHours(1);
        }
        if (config.nonChainedGetSessionTokenDuration.isZero()) {
            config.nonChainedGetSessionTokenDuration = Duration.ofHours(1);
        }
        if (config.chainedGetSessionTokenDuration.isZero()) {
            config.chainedGetSessionTokenDuration = Duration.ofHours(8);
        }
    }

    private static Map<String, String> rawValues(List<ConfigFile.Section> sections) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (ConfigFile.Section s : sections) {
            s.effectiveValues().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    raw.putIfAbsent(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(raw);
    }

    private static String get(ConfigFile.Section section, String key) {
        return section == null ? "" : section.get(key).orElse("");
    }

    private String env(String name) {
        String v = environment.get(name);
        return v == null ? "" : v;
    }

    /**
     * {@code duration_seconds} as ini.v1 maps it onto aws-vault's {@code uint} field: a Go duration greater than zero
     * ({@code 1h}; aws-vault panics on it) is taken as that duration; otherwise an unsigned integer in Go literal
     * syntax ({@code 3600}, also {@code 0x10}, {@code 0o17}, {@code 017} octal, {@code 1_000}) is seconds; anything
     * else (negative, not a number) is ignored and gives zero.
     */
    static Duration durationSeconds(String value) {
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        Optional<Duration> d = GoDuration.tryParse(value);
        if (d.isPresent() && d.get().compareTo(Duration.ZERO) > 0) {
            return d.get();
        }
        long seconds = parseUintBase0(value);
        return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
    }

    /** Go's {@code strconv.ParseUint(s, 0, 64)}, limited to values below 2^63; -1 on error. */
    static long parseUintBase0(String s) {
        int radix = 10;
        String digits = s;
        boolean prefixed = false;
        if (s.length() > 1 && s.charAt(0) == '0') {
            char c = Character.toLowerCase(s.charAt(1));
            if (c == 'x' || c == 'o' || c == 'b') {
                radix = c == 'x' ? 16 : c == 'o' ? 8 : 2;
                digits = s.substring(2);
                prefixed = true;
            } else {
                radix = 8;
                digits = s.substring(1);
                prefixed = true;
            }
        }
        // underscores only between digits (or right after a base prefix), as in Go literals
        if (digits.startsWith("_") && !prefixed || digits.endsWith("_") || digits.contains("__")) {
            return -1;
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            return -1;
        }
        if (Character.digit(digits.charAt(0), radix) < 0) {
            return -1; // Long.parseLong would accept a sign
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
