package dev.awsvault.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The resolved configuration of one profile, as built by {@link ConfigLoader#load(String)} (aws-vault's
 * {@code vault.ProfileConfig}). Instances are effectively immutable once returned.
 *
 * <p>String getters never return null: an unset value is {@code ""}. Durations are never null; after loading they
 * carry the built-in defaults (AssumeRole 1h, GetSessionToken 1h, chained GetSessionToken 8h, federation 1h) unless
 * a flag, variable or {@code duration_seconds} set them (a negative value, e.g. {@code AWS_ASSUME_ROLE_TTL=-1h}, is
 * kept as the original keeps it).
 */
public final class ProfileConfig {

    static final String SESSION_TAGS_FORMAT = "session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]";

    final String profileName;
    String sourceProfileName = "";
    String includeProfile = "";
    ProfileConfig sourceProfile;
    ProfileConfig chainedFromProfile;

    String region = "";
    String stsRegionalEndpoints = "";
    String endpointUrl = "";

    String mfaSerial = "";
    String mfaToken = "";
    String mfaProcess = "";

    String roleArn = "";
    String roleSessionName = "";
    String externalId = "";

    String webIdentityTokenFile = "";
    String webIdentityTokenProcess = "";

    Duration assumeRoleDuration = Duration.ZERO;
    Duration nonChainedGetSessionTokenDuration = Duration.ZERO;
    Duration chainedGetSessionTokenDuration = Duration.ZERO;
    Duration getFederationTokenDuration = Duration.ZERO;

    String ssoSession = "";
    String ssoStartUrl = "";
    String ssoRegion = "";
    String ssoRegistrationScopes = "";
    String ssoAccountId = "";
    String ssoRoleName = "";

    Map<String, String> sessionTags; // null = unset (the original's nil map)
    List<String> transitiveSessionTags; // null = unset
    String sourceIdentity = "";
    String credentialProcess = "";

    Map<String, String> rawValues = Map.of();

    ProfileConfig(String profileName, Base base) {
        this.profileName = profileName;
        this.region = base.region;
        this.mfaToken = base.mfaToken;
        this.assumeRoleDuration = base.assumeRoleDuration;
        this.nonChainedGetSessionTokenDuration = base.nonChainedGetSessionTokenDuration;
        this.chainedGetSessionTokenDuration = base.chainedGetSessionTokenDuration;
        this.getFederationTokenDuration = base.getFederationTokenDuration;
    }

    /** The profile's name (without {@code profile } prefix). */
    public String profileName() {
        return profileName;
    }

    /** {@code source_profile} after resolution ({@code ""} if unset or if it named this profile itself). */
    public String sourceProfileName() {
        return sourceProfileName;
    }

    /** The {@code include_profile} written in this profile's own section, as read ({@code ""} if none). */
    public String includeProfile() {
        return includeProfile;
    }

    /** The resolved source profile, if {@code source_profile} is set. */
    public Optional<ProfileConfig> sourceProfile() {
        return Optional.ofNullable(sourceProfile);
    }

    /** The profile that uses this one as its {@code source_profile}; set only on source profiles. */
    public Optional<ProfileConfig> chainedFromProfile() {
        return Optional.ofNullable(chainedFromProfile);
    }

    /** Whether this profile is the source of another one (the original's {@code IsChained}). */
    public boolean isChained() {
        return chainedFromProfile != null;
    }

    public boolean hasSourceProfile() {
        return sourceProfile != null;
    }

    /** {@code --region} › {@code AWS_REGION} › {@code AWS_DEFAULT_REGION} › {@code region}. */
    public String region() {
        return region;
    }

    /** {@code legacy} or {@code regional} (unvalidated): {@code AWS_STS_REGIONAL_ENDPOINTS} › {@code sts_regional_endpoints}. */
    public String stsRegionalEndpoints() {
        return stsRegionalEndpoints;
    }

    /** ByteNess fork: {@code AWS_ENDPOINT_URL} › {@code endpoint_url}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** {@code AWS_MFA_SERIAL} › {@code mfa_serial} (never taken from the profile that uses this one as source). */
    public String mfaSerial() {
        return mfaSerial;
    }

    public boolean hasMfaSerial() {
        return !mfaSerial.isEmpty();
    }

    /** {@code --mfa-token}: a one-time code for every MFA call in the chain. Not shown by {@link #toString()}. */
    public String mfaToken() {
        return mfaToken;
    }

    public String mfaProcess() {
        return mfaProcess;
    }

    /** {@code AWS_ROLE_ARN} (target profile only) › {@code role_arn}. */
    public String roleArn() {
        return roleArn;
    }

    public boolean hasRole() {
        return !roleArn.isEmpty();
    }

    /** {@code AWS_ROLE_SESSION_NAME} (target profile only) › {@code role_session_name}. Empty means "use the time". */
    public String roleSessionName() {
        return roleSessionName;
    }

    public String externalId() {
        return externalId;
    }

    public String webIdentityTokenFile() {
        return webIdentityTokenFile;
    }

    public String webIdentityTokenProcess() {
        return webIdentityTokenProcess;
    }

    public boolean hasWebIdentity() {
        return !webIdentityTokenFile.isEmpty() || !webIdentityTokenProcess.isEmpty();
    }

    /** AssumeRole (and web identity) duration: {@code --duration} › {@code AWS_ASSUME_ROLE_TTL} › {@code duration_seconds} › 1h. */
    public Duration assumeRoleDuration() {
        return assumeRoleDuration;
    }

    /** GetSessionToken duration for a profile that is not a source: {@code --duration} › {@code AWS_SESSION_TOKEN_TTL} › 1h. */
    public Duration nonChainedGetSessionTokenDuration() {
        return nonChainedGetSessionTokenDuration;
    }

    /** GetSessionToken duration for a source profile: {@code AWS_CHAINED_SESSION_TOKEN_TTL} › 8h. */
    public Duration chainedGetSessionTokenDuration() {
        return chainedGetSessionTokenDuration;
    }

    /** GetFederationToken duration ({@code login}): {@code login --duration} › {@code AWS_FEDERATION_TOKEN_TTL} › 1h. */
    public Duration getFederationTokenDuration() {
        return getFederationTokenDuration;
    }

    /** The chained duration if this profile {@link #isChained()}, else the non-chained one (the original's {@code GetSessionTokenDuration}). */
    public Duration getSessionTokenDuration() {
        return isChained() ? chainedGetSessionTokenDuration : nonChainedGetSessionTokenDuration;
    }

    public String ssoSession() {
        return ssoSession;
    }

    public boolean hasSsoSession() {
        return !ssoSession.isEmpty();
    }

    /** The {@code [sso-session]}'s {@code sso_start_url} if the profile names one, else the profile's own. */
    public String ssoStartUrl() {
        return ssoStartUrl;
    }

    public boolean hasSsoStartUrl() {
        return !ssoStartUrl.isEmpty();
    }

    /** The {@code [sso-session]}'s {@code sso_region} if the profile names one, else the profile's own. */
    public String ssoRegion() {
        return ssoRegion;
    }

    /** {@code sso_registration_scopes}, read from the {@code [sso-session]} section only (as the original does). */
    public String ssoRegistrationScopes() {
        return ssoRegistrationScopes;
    }

    public String ssoAccountId() {
        return ssoAccountId;
    }

    public String ssoRoleName() {
        return ssoRoleName;
    }

    /** Session tags in the order written: {@code AWS_SESSION_TAGS} (target only) › {@code session_tags}. */
    public Map<String, String> sessionTags() {
        return sessionTags == null ? Map.of() : sessionTags;
    }

    /** Transitive tag keys: {@code AWS_TRANSITIVE_TAGS} (target only) › {@code transitive_session_tags}. */
    public List<String> transitiveSessionTags() {
        return transitiveSessionTags == null ? List.of() : transitiveSessionTags;
    }

    /** {@code AWS_SOURCE_IDENTITY} (target only) › {@code source_identity}. */
    public String sourceIdentity() {
        return sourceIdentity;
    }

    public String credentialProcess() {
        return credentialProcess;
    }

    public boolean hasCredentialProcess() {
        return !credentialProcess.isEmpty();
    }

    /**
     * A config value by key (case-insensitive). For the keys modelled here the resolved value is returned, after
     * flags, environment, {@code [sso-session]} and defaults ({@code region} gives {@link #region()},
     * {@code session_tags} gives {@code k=v,k2=v2}, {@code duration_seconds} gives the resolved AssumeRole duration in
     * whole seconds, {@code include_profile} and {@code source_profile} as their getters). Any other key comes from
     * the config file: the first non-empty value in this profile's section, its {@code include_profile} chain and
     * {@code [default]}, so a third-party credential source can read keys the core does not know.
     * {@code mfa_token} is not a config key and is never returned.
     */
    public Optional<String> value(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        String v = switch (k) {
            case "region" -> region;
            case "sts_regional_endpoints" -> stsRegionalEndpoints;
            case "endpoint_url" -> endpointUrl;
            case "mfa_serial" -> mfaSerial;
            case "mfa_process" -> mfaProcess;
            case "role_arn" -> roleArn;
            case "role_session_name" -> roleSessionName;
            case "external_id" -> externalId;
            case "source_profile" -> sourceProfileName;
            case "include_profile" -> includeProfile;
            case "web_identity_token_file" -> webIdentityTokenFile;
            case "web_identity_token_process" -> webIdentityTokenProcess;
            case "duration_seconds" -> assumeRoleDuration.isZero() ? "" : Long.toString(assumeRoleDuration.getSeconds());
            case "sso_session" -> ssoSession;
            case "sso_start_url" -> ssoStartUrl;
            case "sso_region" -> ssoRegion;
            case "sso_registration_scopes" -> ssoRegistrationScopes;
            case "sso_account_id" -> ssoAccountId;
            case "sso_role_name" -> ssoRoleName;
            case "session_tags" -> formatTags(sessionTags());
            case "transitive_session_tags" -> String.join(",", transitiveSessionTags());
            case "source_identity" -> sourceIdentity;
            case "credential_process" -> credentialProcess;
            case "mfa_token" -> "";
            default -> rawValues.getOrDefault(k, "");
        };
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The non-empty values from the config file for this profile: its section, its {@code include_profile} chain and
     * {@code [default]}, the first non-empty value of each key winning; no flags, environment or defaults.
     */
    public Map<String, String> rawValues() {
        return rawValues;
    }

    private static String formatTags(Map<String, String> tags) {
        StringJoiner j = new StringJoiner(",");
        tags.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** Shows the profile's settings, its source chain by name, and never the MFA token. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "ProfileConfig[", "]");
        j.add("profile=" + profileName);
        add(j, "source_profile", sourceProfileName);
        add(j, "include_profile", includeProfile);
        if (chainedFromProfile != null) {
            j.add("chained_from=" + chainedFromProfile.profileName);
        }
        add(j, "region", region);
        add(j, "sts_regional_endpoints", stsRegionalEndpoints);
        add(j, "endpoint_url", endpointUrl);
        add(j, "mfa_serial", mfaSerial);
        if (!mfaToken.isEmpty()) {
            j.add("mfa_token=<set>");
        }
        add(j, "mfa_process", mfaProcess);
        add(j, "role_arn", roleArn);
        add(j, "role_session_name", roleSessionName);
        add(j, "external_id", externalId);
        add(j, "web_identity_token_file", webIdentityTokenFile);
        add(j, "web_identity_token_process", webIdentityTokenProcess);
        add(j, "sso_session", ssoSession);
        add(j, "sso_start_url", ssoStartUrl);
        add(j, "sso_region", ssoRegion);
        add(j, "sso_registration_scopes", ssoRegistrationScopes);
        add(j, "sso_account_id", ssoAccountId);
        add(j, "sso_role_name", ssoRoleName);
        if (sessionTags != null) {
            j.add("session_tags=" + sessionTags);
        }
        if (transitiveSessionTags != null) {
            j.add("transitive_session_tags=" + transitiveSessionTags);
        }
        add(j, "source_identity", sourceIdentity);
        add(j, "credential_process", credentialProcess);
        j.add("assume_role_duration=" + GoDuration.toGoString(assumeRoleDuration));
        j.add("get_session_token_duration=" + GoDuration.toGoString(nonChainedGetSessionTokenDuration));
        j.add("chained_get_session_token_duration=" + GoDuration.toGoString(chainedGetSessionTokenDuration));
        j.add("federation_token_duration=" + GoDuration.toGoString(getFederationTokenDuration));
        return j.toString();
    }

    private static void add(StringJoiner j, String key, String value) {
        if (!value.isEmpty()) {
            j.add(key + "=" + value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Parses {@code k1=v1,k2=v2} as the original's {@code SetSessionTags}: split on commas, each element split at
     * its first {@code =}, keys and values trimmed; an element without {@code =} (including the empty element of a
     * trailing comma) is an error. A repeated key keeps its first position and takes the later value.
     *
     * @throws IllegalArgumentException with the original's message
     */
    static Map<String, String> parseSessionTags(String s) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : s.split(",", -1)) {
            int eq = tag.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(SESSION_TAGS_FORMAT);
            }
            tags.put(IniParser.goTrim(tag.substring(0, eq)), IniParser.goTrim(tag.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(tags);
    }

    /** Parses {@code k1,k2}: trimmed, empty entries dropped; null if nothing is left (the original's nil slice). */
    static List<String> parseTransitiveSessionTags(String s) {
        List<String> result = new ArrayList<>();
        for (String tag : s.split(",", -1)) {
            String t = IniParser.goTrim(tag);
            if (!t.isEmpty()) {
                result.add(t);
            }
        }
        return result.isEmpty() ? null : Collections.unmodifiableList(result);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The values from the command line that seed every profile of a chain (the original's base config): region,
     * MFA token and durations. Immutable; the {@code with…} methods return copies. A null or empty string and a null
     * duration mean "not given".
     */
    public static final class Base {
        /** No flags given. */
        public static final Base EMPTY = new Base("", "", Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        final String region;
        final String mfaToken;
        final Duration assumeRoleDuration;
        final Duration nonChainedGetSessionTokenDuration;
        final Duration chainedGetSessionTokenDuration;
        final Duration getFederationTokenDuration;

        private Base(String region, String mfaToken, Duration assumeRole, Duration nonChained, Duration chained, Duration federation) {
            this.region = region == null ? "" : region;
            this.mfaToken = mfaToken == null ? "" : mfaToken;
            this.assumeRoleDuration = assumeRole == null ? Duration.ZERO : assumeRole;
            this.nonChainedGetSessionTokenDuration = nonChained == null ? Duration.ZERO : nonChained;
            this.chainedGetSessionTokenDuration = chained == null ? Duration.ZERO : chained;
            this.getFederationTokenDuration = federation == null ? Duration.ZERO : federation;
        }

        /** Same as {@link #EMPTY}. */
        public static Base empty() {
            return EMPTY;
        }

        /** {@code --region}. */
        public Base withRegion(String region) {
            return new Base(region, mfaToken, assumeRoleDuration, nonChainedGetSessionTokenDuration, chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        /** {@code --mfa-token}. */
        public Base withMfaToken(String token) {
            return new Base(region, token, assumeRoleDuration, nonChainedGetSessionTokenDuration, chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        /**
         * {@code exec}/{@code export --duration}: sets the non-chained GetSessionToken and the AssumeRole duration
         * (of every profile in the chain), not the chained GetSessionToken one. {@code login --duration} also needs
         * {@link #withGetFederationTokenDuration}.
         */
        public Base withDuration(Duration d) {
            return new Base(region, mfaToken, d, d, chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        public Base withAssumeRoleDuration(Duration d) {
            return new Base(region, mfaToken, d, nonChainedGetSessionTokenDuration, chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        public Base withNonChainedGetSessionTokenDuration(Duration d) {
            return new Base(region, mfaToken, assumeRoleDuration, d, chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        /** Not set by any [AV] flag; the ByteNess fork's {@code --duration} also sets it. */
        public Base withChainedGetSessionTokenDuration(Duration d) {
            return new Base(region, mfaToken, assumeRoleDuration, nonChainedGetSessionTokenDuration, d, getFederationTokenDuration);
        }

        public Base withGetFederationTokenDuration(Duration d) {
            return new Base(region, mfaToken, assumeRoleDuration, nonChainedGetSessionTokenDuration, chainedGetSessionTokenDuration, d);
        }

        public String region() {
            return region;
        }

        public String mfaToken() {
            return mfaToken;
        }

        public Duration assumeRoleDuration() {
            return assumeRoleDuration;
        }

        public Duration nonChainedGetSessionTokenDuration() {
            return nonChainedGetSessionTokenDuration;
        }

        public Duration chainedGetSessionTokenDuration() {
            return chainedGetSessionTokenDuration;
        }

        public Duration getFederationTokenDuration() {
            return getFederationTokenDuration;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Base)) {
                return false;
            }
            Base b = (Base) o;
            return region.equals(b.region) && mfaToken.equals(b.mfaToken) && assumeRoleDuration.equals(b.assumeRoleDuration)
                    && nonChainedGetSessionTokenDuration.equals(b.nonChainedGetSessionTokenDuration)
                    && chainedGetSessionTokenDuration.equals(b.chainedGetSessionTokenDuration)
                    && getFederationTokenDuration.equals(b.getFederationTokenDuration);
        }

        @Override
        public int hashCode() {
            return Objects.hash(region, mfaToken, assumeRoleDuration, nonChainedGetSessionTokenDuration,
                    chainedGetSessionTokenDuration, getFederationTokenDuration);
        }

        /** Never shows the MFA token. */
        @Override
        public String toString() {
            return "Base[region=" + region + ", mfaToken=" + (mfaToken.isEmpty() ? "" : "<set>")
                    + ", assumeRole=" + GoDuration.toGoString(assumeRoleDuration)
                    + ", getSessionToken=" + GoDuration.toGoString(nonChainedGetSessionTokenDuration)
                    + ", chainedGetSessionToken=" + GoDuration.toGoString(chainedGetSessionTokenDuration)
                    + ", federation=" + GoDuration.toGoString(getFederationTokenDuration) + "]";
        }
    }
}
