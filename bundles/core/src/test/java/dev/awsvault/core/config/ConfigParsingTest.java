package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ini rules: gopkg.in/ini.v1 as aws-vault configures it, the fork's comment fix, and AWS CLI leniency. */
class ConfigParsingTest {

    private static ConfigFile parse(String text) {
        return ConfigFile.parse(text, "test-config");
    }

    private static String value(String text, String profile, String key) {
        return parse(text).profile(profile).orElseThrow().get(key).orElse(null);
    }

    private static String valueOf(String line) {
        return value("[profile p]\n" + line + "\n", "p", "k");
    }

    // --- keys, sections, delimiters, whitespace ------------------------------------------------------------

    @Test
    void keysAreCaseInsensitive() {
        ConfigFile f = parse("[profile p]\nRole_Arn = arn:aws:iam::1:role/x\nREGION=us-east-1\nmfa_Serial=m\n");
        ConfigFile.Section s = f.profile("p").orElseThrow();
        assertEquals("arn:aws:iam::1:role/x", s.get("role_arn").orElseThrow());
        assertEquals("arn:aws:iam::1:role/x", s.get("ROLE_ARN").orElseThrow());
        assertEquals("us-east-1", s.get("region").orElseThrow());
        assertEquals(List.of("role_arn", "region", "mfa_serial"), List.copyOf(s.values().keySet()));
    }

    @Test
    void sectionNamesAreCaseSensitive() {
        ConfigFile f = parse("[profile Dev]\nregion=a\n[Default]\nregion=b\n[PROFILE x]\nregion=c\n");
        assertTrue(f.profile("Dev").isPresent());
        assertTrue(f.profile("dev").isEmpty());
        assertTrue(f.profile("default").isEmpty(), "[Default] is not [default]");
        assertTrue(f.profile("x").isEmpty(), "[PROFILE x] is not a profile");
        assertEquals(List.of("Dev"), f.profileNames());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "k=v|v",
        "k = v|v",
        "k: v|v",
        "k :v|v",
        "k\t=\tv\t|v",
        "k = a = b|a = b",
        "k = arn:aws:iam::123456789012:role/x|arn:aws:iam::123456789012:role/x",
        "k: https://example.com:8443/x|https://example.com:8443/x",
        "k =|''",
    })
    void delimitersAndWhitespace(String line, String expected) {
        assertEquals(expected.equals("''") ? "" : expected, valueOf(line));
    }

    @Test
    void colonBeforeEqualsSplitsAtTheColon() {
        // ini.v1 and the AWS CLI both split at the first of '=' and ':'
        assertEquals("b=c", value("[profile p]\na:b=c\n", "p", "a"));
    }

    @Test
    void keyWithSpacesInside() {
        assertEquals("v", value("[profile p]\nsome key = v\n", "p", "some key"));
    }

    @Test
    void repeatedKeyTakesLaterValueAndKeepsPlace() {
        ConfigFile.Section s = parse("[profile p]\nregion=a\noutput=json\nREGION=b\n").profile("p").orElseThrow();
        assertEquals("b", s.get("region").orElseThrow());
        assertEquals(List.of("region", "output"), List.copyOf(s.values().keySet()));
    }

    @Test
    void repeatedSectionsMergeWithLaterKeysWinning() {
        ConfigFile f = parse("[profile p]\nregion=a\nmfa_serial=m\n[profile q]\n[profile p]\nregion=b\n");
        ConfigFile.Section s = f.profile("p").orElseThrow();
        assertEquals("b", s.get("region").orElseThrow());
        assertEquals("m", s.get("mfa_serial").orElseThrow());
        assertEquals(List.of("p", "q"), f.profileNames());
    }

    // --- comments ------------------------------------------------------------------------------------------

    @Test
    void fullLineComments() {
        ConfigFile f = parse("# top\n; semi\n[profile p]\n# region = no\n   ; output = no\n\t# tabbed\nregion = yes\n");
        assertEquals(Map.of("region", "yes"), f.profile("p").orElseThrow().values());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "k = us-east-1 # comment|us-east-1",
        "k = us-east-1 ; comment|us-east-1",
        "k = us-east-1\t# tab comment|us-east-1",
        "k = us-east-1    #comment|us-east-1",
        "k=https://my.awsapps.com/start#|https://my.awsapps.com/start#",
        "k = https://my.awsapps.com/start#/ # the portal|https://my.awsapps.com/start#/",
        "k = b#c;d|b#c;d",
        "k = #value|#value",
        "k = ;value|;value",
        "k = b ;c #d|b",
        "k = pass otp aws#1|pass otp aws#1",
    })
    void inlineCommentsNeedWhitespaceBefore(String line, String expected) {
        assertEquals(expected, valueOf(line.replace("\\t", "\t")));
    }

    @Test
    void commentAfterSectionHeader() {
        ConfigFile f = parse("[profile p] # my profile\nregion=x\n[profile q] ; other\n");
        assertEquals(List.of("p", "q"), f.profileNames());
        assertEquals("x", f.profile("p").orElseThrow().get("region").orElseThrow());
    }

    // --- quotes ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "k = \"quoted value\"|quoted value",
        "k = 'single quoted'|single quoted",
        "k = \"has \"inner\" quotes\"|\"has \"inner\" quotes\"",
        "k = \"unbalanced|\"unbalanced",
        "k = \"a' |\"a'",
        "k = \"\"|^^",
        "k = \"x\" # comment|x",
        "k = \"x # y\"|\"x",
        "k = \"\"\"triple\"\"\"|triple",
        "k = `back tick`|back tick",
        "k = `a` b|a",
        "k = \"\"\"a\"\"\" trailing|a",
    })
    void quotedValues(String line, String expected) {
        assertEquals(expected, valueOf(line));
    }

    @Test
    void tripleQuotedValueSpansLines() {
        ConfigFile f = parse("[profile p]\nk = \"\"\"first\nsecond\nthird\"\"\"\nregion = r\n");
        ConfigFile.Section s = f.profile("p").orElseThrow();
        assertEquals("first\nsecond\nthird", s.get("k").orElseThrow());
        assertEquals("r", s.get("region").orElseThrow());
    }

    @Test
    void unclosedBacktickIsTakenLiterally() {
        // ini.v1 fails with "missing closing key quote"; the AWS CLI reads the lines normally, so we do too
        ConfigFile f = parse("[profile p]\nk = `oops\nregion = r\n");
        assertEquals("`oops", f.profile("p").orElseThrow().get("k").orElseThrow());
        assertEquals("r", f.profile("p").orElseThrow().get("region").orElseThrow());
    }

    @Test
    void quotedKeyNames() {
        ConfigFile.Section s = parse("[profile p]\n\"Quoted Key\" = v\n`back` = w\n").profile("p").orElseThrow();
        assertEquals("v", s.get("quoted key").orElseThrow());
        assertEquals("w", s.get("back").orElseThrow());
    }

    // --- continuations and sub-blocks ------------------------------------------------------------------------

    @Test
    void backslashContinuationAsIniV1() {
        ConfigFile.Section s = parse("[profile p]\ncredential_process = /bin/tool \\\n   --flag \\\n   --other\nregion = r\n")
                .profile("p").orElseThrow();
        assertEquals("/bin/tool --flag --other", s.get("credential_process").orElseThrow());
        assertEquals("r", s.get("region").orElseThrow());
    }

    @Test
    void backslashContinuationStopsAtBlankLine() {
        ConfigFile.Section s = parse("[profile p]\nk = a\\\n\nregion = r\n").profile("p").orElseThrow();
        assertEquals("a", s.get("k").orElseThrow());
        assertEquals("r", s.get("region").orElseThrow());
    }

    @Test
    void indentedLineWithoutDelimiterContinuesTheValueLikeTheAwsCli() {
        ConfigFile f = parse("[profile p]\ncredential_process = /opt/bin/creds --profile dev\n    --json\n\t--verbose\nregion = r\n");
        ConfigFile.Section s = f.profile("p").orElseThrow();
        assertEquals("/opt/bin/creds --profile dev\n--json\n--verbose", s.get("credential_process").orElseThrow());
        assertEquals("r", s.get("region").orElseThrow());
    }

    @Test
    void subBlocksAreStoredWithDottedKeysAndDoNotBreakTheSection() {
        String text = "[default]\nregion = us-west-2\ns3 =\n    max_concurrent_requests = 20\n    max_queue_size=10000\n\n"
                + "\tmultipart_threshold = 64MB\n    # a comment inside\n    junk without equals\noutput = json\n"
                + "[profile p]\ndynamodb =\n  endpoint_url = http://localhost:8000\n  [not a section]\nregion = r\n";
        ConfigFile f = parse(text);
        ConfigFile.Section d = f.profile("default").orElseThrow();
        assertEquals("", d.get("s3").orElseThrow());
        assertEquals("20", d.get("s3.max_concurrent_requests").orElseThrow());
        assertEquals("10000", d.get("s3.max_queue_size").orElseThrow());
        assertEquals("64MB", d.get("s3.multipart_threshold").orElseThrow());
        assertEquals("json", d.get("output").orElseThrow());
        assertEquals("us-west-2", d.get("region").orElseThrow());
        ConfigFile.Section p = f.profile("p").orElseThrow();
        assertEquals("http://localhost:8000", p.get("dynamodb.endpoint_url").orElseThrow());
        assertEquals("r", p.get("region").orElseThrow());
        assertEquals(List.of("default", "p"), f.profileNames());
        assertFalse(f.sectionNames().contains("not a section"));
    }

    @Test
    void emptyValueFollowedByIndentedKeyIsASubBlockNotAKey() {
        // ini.v1 nests it; the AWS CLI treats it as a sub-block too: region is not set
        ConfigFile.Section s = parse("[profile p]\nmfa_serial =\n  region = us-east-1\n").profile("p").orElseThrow();
        assertEquals(Optional.empty(), s.get("region"));
        assertEquals("us-east-1", s.get("mfa_serial.region").orElseThrow());
    }

    @Test
    void indentedKeyAfterNonEmptyValueIsAKeyAsInIniV1() {
        ConfigFile.Section s = parse("[profile p]\nregion = r\n  output = json\n").profile("p").orElseThrow();
        assertEquals("r", s.get("region").orElseThrow());
        assertEquals("json", s.get("output").orElseThrow());
    }

    // --- DEFAULT, child sections, interpolation ----------------------------------------------------------------

    @Test
    void linesBeforeTheFirstSectionAndDEFAULTAreNotProfiles() {
        ConfigFile f = parse("region = top\n[DEFAULT]\nregion=us-east-1\n[default]\nregion=us-west-2\n");
        assertEquals(List.of("default"), f.profileNames());
        assertEquals("us-west-2", f.profile("default").orElseThrow().get("region").orElseThrow());
        assertEquals("us-east-1", f.section("DEFAULT").orElseThrow().get("region").orElseThrow());
        assertEquals(List.of("DEFAULT", "default"), f.sectionNames());
    }

    @Test
    void dottedSectionsInheritFromExistingAncestorsAsIniV1() {
        ConfigFile f = parse("[profile acme]\nmfa_serial = m\nregion = eu-west-1\n"
                + "[profile acme.dev.admin]\nrole_arn = r\nregion =\n");
        ConfigFile.Section s = f.profile("acme.dev.admin").orElseThrow();
        assertEquals("m", s.get("mfa_serial").orElseThrow(), "inherited from [profile acme]");
        assertEquals("", s.get("region").orElseThrow(), "an own empty key is not inherited");
        assertEquals(Map.of("role_arn", "r", "region", ""), s.values());
        assertEquals("m", s.effectiveValues().get("mfa_serial"));
        assertTrue(parse("[profile acme]\n[profile acmex]\nregion=x\n").profile("acme").orElseThrow().get("region").isEmpty());
    }

    @Test
    void interpolationAsIniV1() {
        ConfigFile f = parse("tool = /usr/bin/tool\n[profile p]\nname = dev\n"
                + "credential_process = %(tool)s --profile %(name)s\nself = x%(self)sy\nmissing = %(nope)s and %(name)s\n");
        ConfigFile.Section s = f.profile("p").orElseThrow();
        assertEquals("/usr/bin/tool --profile dev", s.get("credential_process").orElseThrow());
        assertEquals("x%(self)sy", s.get("self").orElseThrow());
        assertEquals("%(nope)s and %(name)s", s.get("missing").orElseThrow(), "ini.v1 stops at the first unknown name");
        assertEquals("100%", value("[profile p]\nk = 100%\n", "p", "k"));
    }

    // --- encodings and line ends ------------------------------------------------------------------------------

    @Test
    void crlfCrAndBom() {
        String unix = "[default]\nregion = us-west-2\n\n[profile a]\nrole_arn = r # c\ns3 =\n  addressing_style = path\n";
        for (String text : List.of(unix.replace("\n", "\r\n"), unix.replace("\n", "\r"), "\uFEFF" + unix.replace("\n", "\r\n"))) {
            ConfigFile f = parse(text);
            assertEquals(List.of("default", "a"), f.profileNames());
            assertEquals("us-west-2", f.profile("default").orElseThrow().get("region").orElseThrow());
            assertEquals("r", f.profile("a").orElseThrow().get("role_arn").orElseThrow());
            assertEquals("path", f.profile("a").orElseThrow().get("s3.addressing_style").orElseThrow());
        }
    }

    @Test
    void tabsAndOtherWhitespace() {
        ConfigFile f = parse("\t[profile t]\t\n\tregion\t=\tus-east-2\t\n\u000Boutput\u000C=\u00A0json\u00A0\n");
        assertEquals("us-east-2", f.profile("t").orElseThrow().get("region").orElseThrow());
        assertEquals("json", f.profile("t").orElseThrow().get("output").orElseThrow());
    }

    @Test
    void emptyAndBlankFiles() {
        assertEquals(List.of(), parse("").profileNames());
        assertEquals(List.of(), parse("\n\n   \n# only comments\n").sectionNames());
    }

    // --- errors ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "[default]\\nregion=x\\n[profile x\\n|3|unclosed section header \"[profile x\"",
        "[profile a]\\n[]\\n|2|empty section name",
        "[profile a]\\nregion=x\\nthis is not a key\\n|3|expected \"key = value\" but found no '=' or ':'",
        "[profile a]\\n   indented junk\\n|2|expected \"key = value\" but found no '=' or ':'",
        "junk before any section\\n|1|expected \"key = value\" but found no '=' or ':'",
        "[profile a]\\n\\n\\n= value\\n|4|empty key name",
        "[profile a]\\n\"\" = value\\n|2|empty key name",
        "[profile a]\\n\"unclosed = value\\n|2|missing closing quote of key name",
        "[profile a]\\r\\nregion=x\\r\\nbad line\\r\\n|3|expected \"key = value\" but found no '=' or ':'",
    })
    void malformedLinesGiveFileAndLine(String text, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.parse(text.replace("\\n", "\n").replace("\\r", "\r"), "/home/u/.aws/config"));
        assertEquals("/home/u/.aws/config:" + line + ": " + problem, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void errorMessagesDoNotEchoKeyLines() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("[profile a]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG\n"));
        assertFalse(e.getMessage().contains("wJalr"), e.getMessage());
    }

    // --- a realistic file -------------------------------------------------------------------------------------

    /** A config in the style of the AWS CLI documentation; python's configparser (the AWS CLI) accepts it. */
    static final String AWS_CLI_SAMPLE = String.join("\n",
            "# AWS CLI config, edited by hand",
            "[default]",
            "region = us-west-2",
            "output = json",
            "cli_pager =",
            "s3 =",
            "    max_concurrent_requests = 20",
            "    max_queue_size = 10000",
            "\tmultipart_threshold = 64MB",
            "    addressing_style = path",
            "",
            "[profile user1]",
            "region=us-east-1",
            "output=text",
            "mfa_serial = arn:aws:iam::123456789012:mfa/user1   ; my phone",
            "",
            "; role profile",
            "[profile admin role]",
            "role_arn = arn:aws:iam::123456789012:role/Admin",
            "source_profile = user1",
            "mfa_serial = arn:aws:iam::123456789012:mfa/user1",
            "duration_seconds = 7200",
            "role_session_name = me@example.com",
            "external_id = \"ext-123\"",
            "",
            "[profile name with spaces]",
            "region\t=\teu-west-1",
            "",
            "[sso-session my-sso]",
            "sso_start_url = https://my-sso-portal.awsapps.com/start#",
            "sso_region = us-east-1",
            "sso_registration_scopes = sso:account:access",
            "",
            "[profile sso-dev]",
            "sso_session = my-sso",
            "sso_account_id = 111122223333",
            "sso_role_name = ReadOnly",
            "region = us-west-2",
            "\t# tab-indented comment",
            "[profile web]",
            "role_arn=arn:aws:iam::123456789012:role/web",
            "web_identity_token_file=/var/run/secrets/token",
            "dynamodb =",
            "  endpoint_url = http://localhost:8000",
            "",
            "[services local-ddb]",
            "dynamodb =",
            "  endpoint_url = http://localhost:8000",
            "",
            "[profile process]",
            "credential_process = /opt/bin/awscreds --profile \"dev\" --json",
            "  --region us-east-1",
            "");

    @Test
    void awsCliSampleWithCrlfAndBom() {
        for (String text : List.of(AWS_CLI_SAMPLE, "\uFEFF" + AWS_CLI_SAMPLE.replace("\n", "\r\n"))) {
            ConfigFile f = parse(text);
            assertEquals(List.of("default", "user1", "admin role", "name with spaces", "sso-dev", "web", "process"), f.profileNames());
            assertEquals(List.of("my-sso"), f.ssoSessionNames());
            assertEquals("arn:aws:iam::123456789012:mfa/user1", f.profile("user1").orElseThrow().get("mfa_serial").orElseThrow());
            assertEquals("ext-123", f.profile("admin role").orElseThrow().get("external_id").orElseThrow());
            assertEquals("eu-west-1", f.profile("name with spaces").orElseThrow().get("region").orElseThrow());
            assertEquals("https://my-sso-portal.awsapps.com/start#", f.ssoSession("my-sso").orElseThrow().get("sso_start_url").orElseThrow());
            assertEquals("/opt/bin/awscreds --profile \"dev\" --json\n--region us-east-1",
                    f.profile("process").orElseThrow().get("credential_process").orElseThrow());
            assertEquals("path", f.profile("default").orElseThrow().get("s3.addressing_style").orElseThrow());
            assertTrue(f.section("services local-ddb").isPresent());
        }
    }
}
