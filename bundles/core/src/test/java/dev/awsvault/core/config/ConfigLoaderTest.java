package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resolution algorithm (the original's {@code ConfigLoader.GetProfileConfig}). */
class ConfigLoaderTest {

    private static final Duration H1 = Duration.ofHours(1);
    private static final Duration H8 = Duration.ofHours(8);

    private static ProfileConfig load(String config, String profile) {
        return load(config, profile, Map.of(), ProfileConfig.Base.EMPTY);
    }

    private static ProfileConfig load(String config, String profile, Map<String, String> env) {
        return load(config, profile, env, ProfileConfig.Base.EMPTY);
    }

    private static ProfileConfig load(String config, String profile, Map<String, String> env, ProfileConfig.Base base) {
        return new ConfigLoader(ConfigFile.parse(config, "test"), env, base).load(profile);
    }

    // --- every key ----------------------------------------------------------------------------------------------

    private static final String ALL_KEYS = String.join("\n",
            "[profile all]",
            "region = eu-central-1",
            "mfa_serial = arn:aws:iam::111111111111:mfa/me",
            "mfa_process = pass otp aws",
            "role_arn = arn:aws:iam::222222222222:role/Admin",
            "source_profile = base",
            "include_profile = inc",
            "role_session_name = me",
            "external_id = ext",
            "duration_seconds = 1800",
            "sso_session = corp",
            "sso_start_url = https://inline.awsapps.com/start",
            "sso_region = inline-region",
            "sso_account_id = 333333333333",
            "sso_role_name = ReadOnly",
            "sso_registration_scopes = ignored:in:profile",
            "web_identity_token_file = /tmp/token",
            "web_identity_token_process = get-token",
            "credential_process = get-creds",
            "sts_regional_endpoints = regional",
            "session_tags = team = core , env=dev",
            "transitive_session_tags = team, ,env",
            "source_identity = alice",
            "endpoint_url = https://sts.local:4566",
            "custom_plugin_key = plugin value",
            "[profile inc]",
            "[profile base]",
            "[sso-session corp]",
            "sso_start_url = https://corp.awsapps.com/start#",
            "sso_region = us-east-2",
            "sso_registration_scopes = sso:account:access",
            "");

    @Test
    void readsEveryKey() {
        ProfileConfig c = load(ALL_KEYS, "all");
        assertEquals("all", c.profileName());
        assertEquals("eu-central-1", c.region());
        assertEquals("arn:aws:iam::111111111111:mfa/me", c.mfaSerial());
        assertEquals("pass otp aws", c.mfaProcess());
        assertEquals("arn:aws:iam::222222222222:role/Admin", c.roleArn());
        assertEquals("base", c.sourceProfileName());
        assertEquals("inc", c.includeProfile());
        assertEquals("me", c.roleSessionName());
        assertEquals("ext", c.externalId());
        assertEquals(Duration.ofSeconds(1800), c.assumeRoleDuration());
        assertEquals("corp", c.ssoSession());
        assertEquals("https://corp.awsapps.com/start#", c.ssoStartUrl());
        assertEquals("us-east-2", c.ssoRegion());
        assertEquals("sso:account:access", c.ssoRegistrationScopes());
        assertEquals("333333333333", c.ssoAccountId());
        assertEquals("ReadOnly", c.ssoRoleName());
        assertEquals("/tmp/token", c.webIdentityTokenFile());
        assertEquals("get-token", c.webIdentityTokenProcess());
        assertEquals("get-creds", c.credentialProcess());
        assertEquals("regional", c.stsRegionalEndpoints());
        assertEquals(List.of(Map.entry("team", "core"), Map.entry("env", "dev")), List.copyOf(c.sessionTags().entrySet()));
        assertEquals(List.of("team", "env"), c.transitiveSessionTags());
        assertEquals("alice", c.sourceIdentity());
        assertEquals("https://sts.local:4566", c.endpointUrl());
        assertEquals("plugin value", c.value("custom_plugin_key").orElseThrow());
        assertEquals("plugin value", c.value("CUSTOM_PLUGIN_KEY").orElseThrow());
        assertTrue(c.hasRole());
        assertTrue(c.hasMfaSerial());
        assertTrue(c.hasSsoSession());
        assertTrue(c.hasSsoStartUrl());
        assertTrue(c.hasWebIdentity());
        assertTrue(c.hasCredentialProcess());
        assertTrue(c.hasSourceProfile());
        assertEquals("base", c.sourceProfile().orElseThrow().profileName());
    }

    @Test
    void nothingSetGivesEmptyValuesAndDefaults() {
        ProfileConfig c = load("", "nothing");
        assertEquals("nothing", c.profileName());
        for (String v : List.of(c.region(), c.mfaSerial(), c.mfaProcess(), c.mfaToken(), c.roleArn(), c.sourceProfileName(),
                c.includeProfile(), c.roleSessionName(), c.externalId(), c.ssoSession(), c.ssoStartUrl(), c.ssoRegion(),
                c.ssoRegistrationScopes(), c.ssoAccountId(), c.ssoRoleName(), c.webIdentityTokenFile(),
                c.webIdentityTokenProcess(), c.credentialProcess(), c.stsRegionalEndpoints(), c.sourceIdentity(), c.endpointUrl())) {
            assertEquals("", v);
        }
        assertEquals(Map.of(), c.sessionTags());
        assertEquals(List.of(), c.transitiveSessionTags());
        assertEquals(H1, c.assumeRoleDuration());
        assertEquals(H1, c.nonChainedGetSessionTokenDuration());
        assertEquals(H8, c.chainedGetSessionTokenDuration());
        assertEquals(H1, c.getFederationTokenDuration());
        assertEquals(H1, c.getSessionTokenDuration());
        assertFalse(c.isChained());
        assertFalse(c.hasSourceProfile());
        assertTrue(c.sourceProfile().isEmpty());
        assertTrue(c.chainedFromProfile().isEmpty());
        assertFalse(c.hasRole() || c.hasMfaSerial() || c.hasSsoSession() || c.hasSsoStartUrl() || c.hasWebIdentity()
                || c.hasCredentialProcess());
    }

    @Test
    void keysAreCaseInsensitiveInResolution() {
        ProfileConfig c = load("[profile p]\nRole_Arn = r\nMFA_SERIAL = m\nRegion = x\n", "p");
        assertEquals("r", c.roleArn());
        assertEquals("m", c.mfaSerial());
        assertEquals("x", c.region());
    }

    // --- precedence ---------------------------------------------------------------------------------------------

    private static final String LAYERS = String.join("\n",
            "[default]",
            "region = from-default",
            "mfa_serial = default-mfa",
            "credential_process = default-process",
            "[profile target]",
            "include_profile = middle",
            "region = from-profile",
            "[profile middle]",
            "include_profile = last",
            "region = from-middle",
            "role_arn = middle-role",
            "[profile last]",
            "region = from-last",
            "role_arn = last-role",
            "external_id = last-ext",
            "");

    @Test
    void precedenceFlagEnvProfileIncludeDefaultBuiltin() {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "from-aws-region", "AWS_DEFAULT_REGION", "from-aws-default-region"));
        ProfileConfig.Base flag = ProfileConfig.Base.EMPTY.withRegion("from-flag");

        assertEquals("from-flag", load(LAYERS, "target", env, flag).region());
        assertEquals("from-aws-region", load(LAYERS, "target", env).region());
        env.remove("AWS_REGION");
        assertEquals("from-aws-default-region", load(LAYERS, "target", env).region());
        assertEquals("from-profile", load(LAYERS, "target").region());
        assertEquals("from-middle", load(LAYERS.replace("region = from-profile\n", ""), "target").region());
        assertEquals("from-last", load(LAYERS.replace("region = from-profile\n", "").replace("region = from-middle\n", ""), "target").region());

        ProfileConfig c = load(LAYERS, "target");
        assertEquals("middle-role", c.roleArn(), "the nearer include wins");
        assertEquals("last-ext", c.externalId(), "the include chain fills gaps");
        assertEquals("default-mfa", c.mfaSerial(), "[default] ends the include chain");
        assertEquals("default-process", c.credentialProcess());
        assertEquals(H1, c.assumeRoleDuration(), "built-in default");
    }

    @Test
    void awsRegionBeatsTheFileAndAwsDefaultRegion() {
        String cfg = "[profile p]\nregion = file\n";
        assertEquals("env", load(cfg, "p", Map.of("AWS_REGION", "env", "AWS_DEFAULT_REGION", "other")).region());
        assertEquals("other", load(cfg, "p", Map.of("AWS_DEFAULT_REGION", "other")).region());
        assertEquals("file", load(cfg, "p", Map.of("AWS_REGION", "", "AWS_DEFAULT_REGION", "")).region(), "empty = unset");
    }

    @Test
    void emptyValuesDoNotBlockLowerLayers() {
        assertEquals("d", load("[default]\nregion = d\n[profile p]\nregion =\n", "p").region());
    }

    @Test
    void defaultAppliesToEveryProfile() {
        String cfg = "[default]\nsso_session = s\nsource_profile = base\nmfa_serial = m\ncredential_process = cp\nregion = r\n"
                + "[sso-session s]\nsso_start_url = https://s/start\nsso_region = sr\n[profile a]\n[profile base]\n";
        ProfileConfig a = load(cfg, "a");
        assertEquals("s", a.ssoSession());
        assertEquals("https://s/start", a.ssoStartUrl());
        assertEquals("base", a.sourceProfileName());
        assertEquals("m", a.mfaSerial());
        assertEquals("cp", a.credentialProcess());
        assertEquals("r", a.region());
        // base inherits source_profile = base from [default]: a self-reference, so it is dropped
        ProfileConfig base = a.sourceProfile().orElseThrow();
        assertEquals("", base.sourceProfileName());
        assertEquals("m", base.mfaSerial());
        // a profile with no section at all still gets [default]
        assertEquals("r", load(cfg, "not-in-file").region());
    }

    @Test
    void defaultDoesNotIncludeItself() {
        ProfileConfig c = load("[default]\nregion = r\n", "default");
        assertEquals("r", c.region());
    }

    // --- include_profile ----------------------------------------------------------------------------------------

    @Test
    void includeProfileOfTheOriginalsExample() {
        assertEquals("us-east-1", load(ConfigFileTest.EXAMPLE_CONFIG, "testincludeprofile2").region());
    }

    @Test
    void includeChainEndsAtDefault() {
        String cfg = "[default]\nmfa_serial = dm\n[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = c\n"
                + "[profile c]\nregion = c-region\n";
        ProfileConfig a = load(cfg, "a");
        assertEquals("c-region", a.region());
        assertEquals("dm", a.mfaSerial());
        assertEquals("b", a.includeProfile(), "as read from the profile's own section");
    }

    @Test
    void includingAMissingProfileIsNotAnError() {
        List<String> log = new ArrayList<>();
        ProfileConfig c = new ConfigLoader(ConfigFile.parse("[default]\nregion = d\n[profile a]\ninclude_profile = ghost\n", "t"),
                Map.of(), ProfileConfig.Base.EMPTY, log::add).load("a");
        assertEquals("d", c.region());
        assertTrue(log.contains("Profile 'ghost' missing in config file"), log.toString());
    }

    @Test
    void includeDefaultExplicitly() {
        assertEquals("d", load("[default]\nregion = d\n[profile a]\ninclude_profile = default\n", "a").region());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a includes b includes a|[profile a]\\ninclude_profile = b\\n[profile b]\\ninclude_profile = a\\n|a|a",
        "self include|[profile a]\\ninclude_profile = a\\n|a|a",
        "three-cycle, entered at b|[profile a]\\ninclude_profile = b\\n[profile b]\\ninclude_profile = c\\n[profile c]\\ninclude_profile = a\\n|b|b",
        "[default] includes a profile (as in the original)|[default]\\ninclude_profile = base\\n[profile base]\\nregion = r\\n|base|base",
        "[default] includes a profile, loading default|[default]\\ninclude_profile = base\\n[profile base]\\n|default|default",
    })
    void includeLoops(String name, String cfg, String profile, String looped) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(cfg.replace("\\n", "\n"), profile));
        assertEquals("Loop detected in config file for profile '" + looped + "'", e.getMessage());
    }

    // --- source_profile -----------------------------------------------------------------------------------------

    private static final String CHAIN = String.join("\n",
            "[profile base]",
            "mfa_serial = arn:aws:iam::1:mfa/base",
            "region = base-region",
            "[profile middle]",
            "source_profile = base",
            "role_arn = arn:aws:iam::2:role/middle",
            "mfa_serial = arn:aws:iam::1:mfa/base",
            "[profile target]",
            "source_profile = middle",
            "role_arn = arn:aws:iam::3:role/target",
            "mfa_serial = arn:aws:iam::1:mfa/target-only",
            "duration_seconds = 900",
            "");

    @Test
    void sourceChainOfThree() {
        ProfileConfig target = load(CHAIN, "target");
        ProfileConfig middle = target.sourceProfile().orElseThrow();
        ProfileConfig base = middle.sourceProfile().orElseThrow();
        assertEquals("middle", middle.profileName());
        assertEquals("base", base.profileName());
        assertTrue(base.sourceProfile().isEmpty());

        assertFalse(target.isChained());
        assertTrue(middle.isChained());
        assertTrue(base.isChained());
        assertSame(target, middle.chainedFromProfile().orElseThrow());
        assertSame(middle, base.chainedFromProfile().orElseThrow());

        assertEquals(H1, target.getSessionTokenDuration());
        assertEquals(H8, base.getSessionTokenDuration(), "a source uses the chained GetSessionToken duration");
        assertEquals(Duration.ofSeconds(900), target.assumeRoleDuration());
        assertEquals(H1, middle.assumeRoleDuration(), "duration_seconds is per profile");
        assertEquals("", target.region(), "region is not inherited from the source");
    }

    @Test
    void mfaSerialIsNotInheritedFromSourceProfile() {
        // checklist 21: each profile of the chain reads mfa_serial from its own section
        ProfileConfig target = load(CHAIN, "target");
        assertEquals("arn:aws:iam::1:mfa/target-only", target.mfaSerial());
        assertEquals("arn:aws:iam::1:mfa/base", target.sourceProfile().orElseThrow().mfaSerial());

        ProfileConfig role = load("[profile role]\nsource_profile = src\nmfa_serial = role-mfa\n[profile src]\n", "role");
        assertEquals("", role.sourceProfile().orElseThrow().mfaSerial(), "not taken from the role profile");
    }

    @Test
    void sourceProfileSelfReferenceIsIgnored() {
        ProfileConfig c = load("[profile foo]\nsource_profile=foo\n", "foo");
        assertEquals("", c.sourceProfileName());
        assertTrue(c.sourceProfile().isEmpty());
        assertEquals("foo", ConfigFile.parse("[profile foo]\nsource_profile=foo\n", "t").profile("foo").orElseThrow()
                .get("source_profile").orElseThrow());
    }

    @Test
    void sourceProfileCanReferToTheIncludedProfile() {
        ProfileConfig c = load("[profile root]\n\n[profile foo]\ninclude_profile=root\nsource_profile=root\n", "foo");
        assertEquals("root", c.sourceProfileName());
        assertEquals("root", c.sourceProfile().orElseThrow().profileName());
    }

    @Test
    void sourceProfileCycleIsAnErrorNotARecursionCrash() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("[profile a]\nsource_profile = b\n[profile b]\nsource_profile = a\n", "a"));
        assertEquals("Loop detected in config file for profile 'a': source_profile chain a -> b -> a", e.getMessage());

        ConfigException three = assertThrows(ConfigException.class, () -> load(
                "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = c\n[profile c]\nsource_profile = b\n", "a"));
        assertEquals("Loop detected in config file for profile 'b': source_profile chain a -> b -> c -> b", three.getMessage());

        // via [default]: b has no source_profile of its own and inherits "a"
        ConfigException viaDefault = assertThrows(ConfigException.class,
                () -> load("[default]\nsource_profile = a\n[profile a]\nsource_profile = b\n[profile b]\n", "a"));
        assertTrue(viaDefault.getMessage().startsWith("Loop detected in config file for profile 'a'"), viaDefault.getMessage());
    }

    @Test
    void missingSourceProfileSectionIsNotAnError() {
        ProfileConfig c = load("[default]\nregion = d\n[profile a]\nsource_profile = ghost\n", "a");
        ProfileConfig ghost = c.sourceProfile().orElseThrow();
        assertEquals("ghost", ghost.profileName());
        assertEquals("d", ghost.region());
    }

    @Test
    void sameBaseForTheWholeChain() {
        ProfileConfig.Base base = ProfileConfig.Base.EMPTY.withRegion("flag-region").withMfaToken("123456").withDuration(Duration.ofMinutes(30));
        ProfileConfig target = load(CHAIN, "target", Map.of(), base);
        for (ProfileConfig p = target; p != null; p = p.sourceProfile().orElse(null)) {
            assertEquals("flag-region", p.region(), p.profileName());
            assertEquals("123456", p.mfaToken(), p.profileName());
            assertEquals(Duration.ofMinutes(30), p.assumeRoleDuration(), p.profileName());
            assertEquals(Duration.ofMinutes(30), p.nonChainedGetSessionTokenDuration(), p.profileName());
            assertEquals(H8, p.chainedGetSessionTokenDuration(), "--duration does not set the chained duration");
            assertEquals(H1, p.getFederationTokenDuration());
        }
    }

    // --- environment --------------------------------------------------------------------------------------------

    @Test
    void targetOnlyVariables() {
        Map<String, String> env = Map.of(
                "AWS_ROLE_ARN", "env-role",
                "AWS_ROLE_SESSION_NAME", "env-session",
                "AWS_SESSION_TAGS", "a=1,b=2",
                "AWS_TRANSITIVE_TAGS", "a",
                "AWS_SOURCE_IDENTITY", "env-identity");
        String cfg = "[profile target]\nsource_profile = src\n[profile src]\n";
        ProfileConfig target = load(cfg, "target", env);
        assertEquals("env-role", target.roleArn());
        assertEquals("env-session", target.roleSessionName());
        assertEquals(Map.of("a", "1", "b", "2"), target.sessionTags());
        assertEquals(List.of("a"), target.transitiveSessionTags());
        assertEquals("env-identity", target.sourceIdentity());

        ProfileConfig src = target.sourceProfile().orElseThrow();
        assertEquals("", src.roleArn());
        assertEquals("", src.roleSessionName());
        assertEquals(Map.of(), src.sessionTags());
        assertEquals(List.of(), src.transitiveSessionTags());
        assertEquals("", src.sourceIdentity());
    }

    @Test
    void roleVariablesBeatTheFileForTheTarget() {
        String cfg = "[profile t]\nrole_arn = file-role\nrole_session_name = file-session\nsource_identity = file-id\n";
        ProfileConfig c = load(cfg, "t", Map.of("AWS_ROLE_ARN", "env-role", "AWS_ROLE_SESSION_NAME", "env-session",
                "AWS_SOURCE_IDENTITY", "env-id"));
        assertEquals("env-role", c.roleArn());
        assertEquals("env-session", c.roleSessionName());
        assertEquals("env-id", c.sourceIdentity());
    }

    @Test
    void chainWideVariables() {
        Map<String, String> env = Map.of(
                "AWS_MFA_SERIAL", "env-mfa",
                "AWS_STS_REGIONAL_ENDPOINTS", "legacy",
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ASSUME_ROLE_TTL", "15m",
                "AWS_SESSION_TOKEN_TTL", "2h",
                "AWS_CHAINED_SESSION_TOKEN_TTL", "12h",
                "AWS_FEDERATION_TOKEN_TTL", "36h",
                "AWS_REGION", "env-region");
        ProfileConfig target = load("[profile t]\nsource_profile = s\nmfa_serial = file-mfa\nendpoint_url = file-url\n"
                + "sts_regional_endpoints = regional\n[profile s]\n", "t", env);
        for (ProfileConfig p : List.of(target, target.sourceProfile().orElseThrow())) {
            assertEquals("env-mfa", p.mfaSerial(), p.profileName());
            assertEquals("legacy", p.stsRegionalEndpoints());
            assertEquals("http://localhost:4566", p.endpointUrl());
            assertEquals(Duration.ofMinutes(15), p.assumeRoleDuration());
            assertEquals(Duration.ofHours(2), p.nonChainedGetSessionTokenDuration());
            assertEquals(Duration.ofHours(12), p.chainedGetSessionTokenDuration());
            assertEquals(Duration.ofHours(36), p.getFederationTokenDuration());
            assertEquals("env-region", p.region());
        }
    }

    @ParameterizedTest(name = "AWS_ASSUME_ROLE_TTL={0}")
    @CsvSource({"3600", "1 h", "abc", "1d", "-", "1h30"})
    void invalidTtlVariablesAreIgnored(String value) {
        Map<String, String> env = Map.of("AWS_ASSUME_ROLE_TTL", value, "AWS_SESSION_TOKEN_TTL", value,
                "AWS_CHAINED_SESSION_TOKEN_TTL", value, "AWS_FEDERATION_TOKEN_TTL", value);
        ProfileConfig c = load("[profile p]\n", "p", env);
        assertEquals(H1, c.assumeRoleDuration());
        assertEquals(H1, c.nonChainedGetSessionTokenDuration());
        assertEquals(H8, c.chainedGetSessionTokenDuration());
        assertEquals(H1, c.getFederationTokenDuration());
        // an ignored variable lets duration_seconds through
        assertEquals(Duration.ofSeconds(900), load("[profile p]\nduration_seconds = 900\n", "p", env).assumeRoleDuration());
    }

    @Test
    void ttlVariablesAcceptGoSyntax() {
        assertEquals(Duration.ofMinutes(90), load("", "p", Map.of("AWS_ASSUME_ROLE_TTL", "1h30m")).assumeRoleDuration());
        assertEquals(Duration.ofMinutes(90), load("", "p", Map.of("AWS_SESSION_TOKEN_TTL", "1.5h")).nonChainedGetSessionTokenDuration());
        assertEquals(H1, load("", "p", Map.of("AWS_ASSUME_ROLE_TTL", "0s")).assumeRoleDuration(), "zero means unset");
        assertEquals(Duration.ofHours(-1), load("", "p", Map.of("AWS_ASSUME_ROLE_TTL", "-1h")).assumeRoleDuration(),
                "a negative duration is kept, as in the original");
    }

    // --- durations ----------------------------------------------------------------------------------------------

    @Test
    void durationSecondsOnlyAffectsAssumeRoleAndRanksBelowFlagAndEnv() {
        String cfg = "[profile p]\nduration_seconds = 7200\n";
        ProfileConfig c = load(cfg, "p");
        assertEquals(Duration.ofHours(2), c.assumeRoleDuration());
        assertEquals(H1, c.nonChainedGetSessionTokenDuration());
        assertEquals(H8, c.chainedGetSessionTokenDuration());
        assertEquals(H1, c.getFederationTokenDuration());
        assertEquals(Duration.ofMinutes(20), load(cfg, "p", Map.of("AWS_ASSUME_ROLE_TTL", "20m")).assumeRoleDuration());
        assertEquals(Duration.ofMinutes(10), load(cfg, "p", Map.of("AWS_ASSUME_ROLE_TTL", "20m"),
                ProfileConfig.Base.EMPTY.withDuration(Duration.ofMinutes(10))).assumeRoleDuration());
        assertEquals(Duration.ofMinutes(45), load("[default]\nduration_seconds = 2700\n[profile p]\n", "p").assumeRoleDuration());
    }

    @ParameterizedTest(name = "duration_seconds={0}")
    @CsvSource({
        "3600, 3600",
        "1200, 1200",
        "1h, 3600",
        "90m, 5400",
        "0x10, 16",
        "010, 8",
        "1_000, 1000",
        "0, 3600",
        "-5, 3600",
        "abc, 3600",
        "12.5, 3600",
        "'', 3600",
        "0900, 3600",
    })
    void durationSecondsValues(String value, long expectedSeconds) {
        assertEquals(Duration.ofSeconds(expectedSeconds), load("[profile p]\nduration_seconds = " + value + "\n", "p").assumeRoleDuration());
    }

    @Test
    void baseDurationsIndividually() {
        ProfileConfig.Base base = ProfileConfig.Base.EMPTY
                .withAssumeRoleDuration(Duration.ofMinutes(1))
                .withNonChainedGetSessionTokenDuration(Duration.ofMinutes(2))
                .withChainedGetSessionTokenDuration(Duration.ofMinutes(3))
                .withGetFederationTokenDuration(Duration.ofMinutes(4));
        ProfileConfig c = load("[profile p]\nduration_seconds = 7200\n", "p",
                Map.of("AWS_ASSUME_ROLE_TTL", "5h", "AWS_SESSION_TOKEN_TTL", "5h", "AWS_CHAINED_SESSION_TOKEN_TTL", "5h",
                        "AWS_FEDERATION_TOKEN_TTL", "5h"), base);
        assertEquals(Duration.ofMinutes(1), c.assumeRoleDuration());
        assertEquals(Duration.ofMinutes(2), c.nonChainedGetSessionTokenDuration());
        assertEquals(Duration.ofMinutes(3), c.chainedGetSessionTokenDuration());
        assertEquals(Duration.ofMinutes(4), c.getFederationTokenDuration());
    }

    // --- sso-session --------------------------------------------------------------------------------------------

    @Test
    void ssoSessionOfTheOriginalsExample() {
        ProfileConfig c = load(ConfigFileTest.EXAMPLE_CONFIG, "with-sso-session");
        assertEquals("moon-1", c.region());
        assertEquals("https://d-123456789.example.com/start", c.ssoStartUrl());
        assertEquals("moon-2", c.ssoRegion());
        assertEquals("sso:account:access", c.ssoRegistrationScopes());
        assertEquals("123456", c.ssoAccountId());
    }

    @Test
    void ssoSessionValuesOverrideInlineValues() {
        String cfg = "[profile p]\nsso_session = s\nsso_start_url = https://inline/start\nsso_region = inline\n"
                + "[sso-session s]\nsso_start_url = https://session/start\nsso_region = session-region\n";
        ProfileConfig c = load(cfg, "p");
        assertEquals("https://session/start", c.ssoStartUrl());
        assertEquals("session-region", c.ssoRegion());
    }

    @Test
    void inlineValuesFillWhatTheSsoSessionLacks() {
        String cfg = "[profile p]\nsso_session = s\nsso_region = inline\n[sso-session s]\nsso_start_url = https://session/start\n";
        ProfileConfig c = load(cfg, "p");
        assertEquals("https://session/start", c.ssoStartUrl());
        assertEquals("inline", c.ssoRegion());
    }

    @Test
    void missingSsoSessionFallsBackToInlineValues() {
        List<String> log = new ArrayList<>();
        ProfileConfig c = new ConfigLoader(ConfigFile.parse("[profile p]\nsso_session = ghost\nsso_start_url = https://inline/start\n", "t"),
                Map.of(), null, log::add).load("p");
        assertEquals("ghost", c.ssoSession());
        assertEquals("https://inline/start", c.ssoStartUrl());
        assertTrue(log.contains("[sso-session] 'ghost' missing in config file"), log.toString());
    }

    @Test
    void ssoSessionFromDefaultOverridesAnInlineStartUrlAsInTheOriginal() {
        String cfg = "[default]\nsso_session = s\n[sso-session s]\nsso_start_url = https://session/start\n"
                + "[profile p]\nsso_start_url = https://inline/start\n";
        assertEquals("https://session/start", load(cfg, "p").ssoStartUrl());
    }

    @Test
    void ssoRegistrationScopesComeOnlyFromTheSession() {
        assertEquals("", load("[profile p]\nsso_registration_scopes = x\n", "p").ssoRegistrationScopes());
    }

    // --- tags ---------------------------------------------------------------------------------------------------

    @Test
    void sessionTagsFromTheFileAndTheEnvironment() {
        String cfg = "[profile tagged]\nsession_tags = tag1 = value1 , tag2=value2 ,tag3=value3\n"
                + "transitive_session_tags = tagOne ,tagTwo,tagThree\n";
        ProfileConfig file = load(cfg, "tagged");
        assertEquals(List.of("tag1", "tag2", "tag3"), List.copyOf(file.sessionTags().keySet()));
        assertEquals("value1", file.sessionTags().get("tag1"));
        assertEquals(List.of("tagOne", "tagTwo", "tagThree"), file.transitiveSessionTags());

        ProfileConfig env = load(cfg, "tagged", Map.of("AWS_SESSION_TAGS", " tagA = val1 , tagB=val2 ,tagC=val3",
                "AWS_TRANSITIVE_TAGS", " tagD ,tagE"));
        assertEquals(Map.of("tagA", "val1", "tagB", "val2", "tagC", "val3"), env.sessionTags());
        assertEquals(List.of("tagD", "tagE"), env.transitiveSessionTags());
    }

    @Test
    void sessionTagsOfChainedRolesComeFromEachProfile() {
        String cfg = "[profile base]\n\n[profile interim]\nsession_tags=tag1=value1\ntransitive_session_tags=tag2\nsource_profile = base\n\n"
                + "[profile target]\nsession_tags=tagA=valueA\ntransitive_session_tags=tagB\nsource_profile = interim\n";
        ProfileConfig target = load(cfg, "target", Map.of("AWS_SESSION_TAGS", "tagI=valI", "AWS_TRANSITIVE_TAGS", " tagII"));
        assertEquals(Map.of("tagI", "valI"), target.sessionTags());
        assertEquals(List.of("tagII"), target.transitiveSessionTags());
        ProfileConfig interim = target.sourceProfile().orElseThrow();
        assertEquals(Map.of("tag1", "value1"), interim.sessionTags());
        assertEquals(List.of("tag2"), interim.transitiveSessionTags());
        ProfileConfig base = interim.sourceProfile().orElseThrow();
        assertTrue(base.sessionTags().isEmpty());
        assertTrue(base.transitiveSessionTags().isEmpty());
    }

    @Test
    void badSessionTagsAreFatal() {
        ConfigException file = assertThrows(ConfigException.class, () -> load("[profile p]\nsession_tags = a=1,b\n", "p"));
        assertEquals("Failed to parse session_tags profile setting in profile 'p': " + ProfileConfig.SESSION_TAGS_FORMAT, file.getMessage());
        ConfigException fromDefault = assertThrows(ConfigException.class, () -> load("[default]\nsession_tags = a=1,\n[profile p]\n", "p"));
        assertTrue(fromDefault.getMessage().contains("profile 'default'"), fromDefault.getMessage());

        ConfigException env = assertThrows(ConfigException.class, () -> load("", "p", Map.of("AWS_SESSION_TAGS", "oops")));
        assertEquals("Failed to parse AWS_SESSION_TAGS environment variable: " + ProfileConfig.SESSION_TAGS_FORMAT, env.getMessage());

        // env tags win, so a bad file value is never parsed
        assertEquals(Map.of("a", "1"), load("[profile p]\nsession_tags = bad\n", "p", Map.of("AWS_SESSION_TAGS", "a=1")).sessionTags());
    }

    @Test
    void emptyTransitiveTagsFromTheEnvironmentLeaveTheFileValue() {
        // the original's nil slice: AWS_TRANSITIVE_TAGS="," sets nothing, so the file still fills it
        ProfileConfig c = load("[profile p]\ntransitive_session_tags = fromFile\n", "p", Map.of("AWS_TRANSITIVE_TAGS", " , "));
        assertEquals(List.of("fromFile"), c.transitiveSessionTags());
    }

    // --- value() and raw values -----------------------------------------------------------------------------------

    @Test
    void rawValuesFollowTheIncludeChain() {
        String cfg = "[default]\nplugin_a = default-a\nplugin_b = default-b\noutput = json\n[profile p]\ninclude_profile = q\n"
                + "plugin_a = p-a\nplugin_c =\ns3 =\n  max_concurrent_requests = 5\n[profile q]\nplugin_b = q-b\nplugin_c = q-c\n";
        ProfileConfig c = load(cfg, "p", Map.of("AWS_REGION", "env-region"));
        assertEquals(Optional.of("p-a"), c.value("plugin_a"));
        assertEquals(Optional.of("q-b"), c.value("plugin_b"));
        assertEquals(Optional.of("q-c"), c.value("plugin_c"), "an empty value does not hide a later one");
        assertEquals(Optional.of("json"), c.value("output"));
        assertEquals(Optional.of("5"), c.value("s3.max_concurrent_requests"));
        assertEquals(Optional.empty(), c.value("nope"));
        assertEquals(Optional.of("env-region"), c.value("region"), "modelled keys give the resolved value");
        assertEquals(Optional.of("3600"), c.value("duration_seconds"));
        assertEquals(Optional.of("q"), c.value("include_profile"));
        assertEquals("p-a", c.rawValues().get("plugin_a"));
        assertFalse(c.rawValues().containsKey("region"));
    }

    @Test
    void dottedProfileInheritsFromItsParentSectionAsInTheOriginal() {
        ProfileConfig c = load("[profile acme]\nmfa_serial = acme-mfa\ncustom = x\n[profile acme.admin]\nrole_arn = r\nsource_profile = acme\n",
                "acme.admin");
        assertEquals("acme-mfa", c.mfaSerial());
        assertEquals(Optional.of("x"), c.value("custom"));
        assertEquals("acme-mfa", c.sourceProfile().orElseThrow().mfaSerial());
    }

    @Test
    void debugLogNeverShowsTheMfaToken() {
        List<String> log = new ArrayList<>();
        new ConfigLoader(ConfigFile.parse(CHAIN, "t"), new LinkedHashMap<>(Map.of("AWS_REGION", "r", "AWS_MFA_SERIAL", "m",
                "AWS_ASSUME_ROLE_TTL", "bad", "AWS_SESSION_TOKEN_TTL", "2h")),
                ProfileConfig.Base.EMPTY.withMfaToken("987654"), log::add).load("target");
        assertFalse(log.isEmpty());
        assertTrue(log.stream().noneMatch(l -> l.contains("987654")), log.toString());
        assertTrue(log.contains("Using region \"r\" from AWS_REGION"), log.toString());
    }

    @Test
    void environmentMapIsCopied() {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "a"));
        ConfigLoader loader = new ConfigLoader(ConfigFile.parse("", "t"), env, null);
        env.put("AWS_REGION", "b");
        assertEquals("a", loader.load("p").region());
    }
}
