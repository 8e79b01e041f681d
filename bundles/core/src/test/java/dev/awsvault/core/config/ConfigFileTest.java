package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sections, profile listing, loading from disk and the config path. */
class ConfigFileTest {

    /** The original's test config (vault/config_test.go exampleConfig). */
    static final String EXAMPLE_CONFIG = String.join("\n",
            "# an example profile file",
            "[default]",
            "region=us-west-2",
            "output=json",
            "",
            "[profile user2]",
            "REGION=us-east-1",
            "output=text",
            "",
            "[profile withsource]",
            "source_profile=user2",
            "region=us-east-1",
            "",
            "[profile withMFA]",
            "source_profile=user2",
            "Role_Arn=arn:aws:iam::4451234513441615400570:role/aws_admin",
            "mfa_Serial=arn:aws:iam::1234513441:mfa/blah",
            "Region=us-east-1",
            "duration_seconds=1200",
            "sts_regional_endpoints=legacy",
            "",
            "[profile withendpointurl]",
            "region=us-east-1",
            "endpoint_url=https://localhost:1234",
            "",
            "[profile testincludeprofile1]",
            "region=us-east-1",
            "",
            "[profile testincludeprofile2]",
            "include_profile=testincludeprofile1",
            "",
            "[profile with-sso-session]",
            "sso_session = moon-sso",
            "sso_account_id=123456",
            "region = moon-1 # Different from sso region",
            "",
            "[sso-session moon-sso]",
            "sso_start_url = https://d-123456789.example.com/start",
            "sso_region = moon-2  # Different from profile region",
            "sso_registration_scopes = sso:account:access",
            "");

    @TempDir
    Path tmp;

    private static ConfigFile parse(String text) {
        return ConfigFile.parse(text, "test");
    }

    @Test
    void profileNamesOfTheOriginalsExample() {
        assertEquals(List.of("default", "user2", "withsource", "withMFA", "withendpointurl", "testincludeprofile1",
                "testincludeprofile2", "with-sso-session"), parse(EXAMPLE_CONFIG).profileNames());
    }

    @Test
    void profileSectionValuesOfTheOriginalsExample() {
        ConfigFile f = parse(EXAMPLE_CONFIG);
        ConfigFile.Section mfa = f.profile("withMFA").orElseThrow();
        assertEquals("profile withMFA", mfa.name());
        assertEquals("arn:aws:iam::1234513441:mfa/blah", mfa.get("mfa_serial").orElseThrow());
        assertEquals("1200", mfa.get("duration_seconds").orElseThrow());
        assertEquals("moon-1", f.profile("with-sso-session").orElseThrow().get("region").orElseThrow());
        assertEquals("moon-2", f.ssoSession("moon-sso").orElseThrow().get("sso_region").orElseThrow());
        assertTrue(f.profile("nopenotthere").isEmpty());
    }

    @Test
    void emptyDefaultIsNotListed() {
        assertEquals(List.of("a"), parse("[default]\n[profile a]\n").profileNames());
        // only keys aws-vault does not know: still "empty"
        assertEquals(List.of("a"), parse("[default]\noutput=json\ncli_pager=\ns3 =\n  x = 1\n[profile a]\n").profileNames());
        assertEquals(List.of("a"), parse("[default]\nduration_seconds=0\nregion=\n[profile a]\n").profileNames());
        assertEquals(List.of("default", "a"), parse("[default]\nduration_seconds=900\n[profile a]\n").profileNames());
        assertEquals(List.of("default"), parse("[default]\ncredential_process=x\n").profileNames());
        // an empty [profile x] is listed
        assertEquals(List.of("a"), parse("[profile a]\n").profileNames());
    }

    @Test
    void profileDefaultIsListedButNeverReadForDefault() {
        ConfigFile f = parse("[profile default]\nregion=a\n");
        assertEquals(List.of("default"), f.profileNames());
        assertTrue(f.profile("default").isEmpty());
        assertFalse(f.hasProfileSection("default"));

        ConfigFile both = parse("[default]\nregion=b\n[profile default]\nregion=a\n");
        assertEquals(List.of("default", "default"), both.profileNames(), "the original lists it twice");
        assertEquals("b", both.profile("default").orElseThrow().get("region").orElseThrow());
    }

    @Test
    void otherSectionsAreNotProfiles() {
        ConfigFile f = parse("[sso-session s]\nsso_region=x\n[services s]\n[plugins]\n[foo]\nregion=x\n[sso-session]\n"
                + "[profile]\n[profilex]\n[profile ok]\n");
        assertEquals(List.of("ok"), f.profileNames());
        assertEquals(List.of("s"), f.ssoSessionNames());
        assertEquals(List.of("sso-session s", "services s", "plugins", "foo", "sso-session", "profile", "profilex", "profile ok"),
                f.sectionNames());
        assertTrue(f.ssoSession("s").isPresent());
        assertTrue(f.profile("s").isEmpty());
        assertTrue(f.section("foo").isPresent());
    }

    @Test
    void hasProfileSection() {
        ConfigFile f = parse("[default]\n[profile a]\n[sso-session b]\n[c]\n");
        assertTrue(f.hasProfileSection("default"), "an empty [default] counts");
        assertTrue(f.hasProfileSection("a"));
        assertFalse(f.hasProfileSection("b"));
        assertFalse(f.hasProfileSection("c"));
        assertFalse(f.hasProfileSection("A"));
    }

    @Test
    void sectionToStringHidesValues() {
        ConfigFile f = parse("[profile a]\naws_secret_access_key = wJalrXUtnFEMI\n");
        assertEquals("[profile a]", f.profile("a").orElseThrow().toString());
        assertFalse(f.toString().contains("wJalr"));
    }

    @Test
    void valuesAreUnmodifiable() {
        ConfigFile.Section s = parse("[profile a]\nregion=x\n").profile("a").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> s.values().put("region", "y"));
        assertThrows(UnsupportedOperationException.class, () -> parse("[profile a]\n").profileNames().add("x"));
    }

    // --- loading ------------------------------------------------------------------------------------------------

    @Test
    void loadReadsAFile() throws IOException {
        Path file = tmp.resolve("config");
        Files.writeString(file, EXAMPLE_CONFIG);
        ConfigFile f = ConfigFile.load(file);
        assertEquals(Optional.of(file), f.path());
        assertEquals(file.toString(), f.sourceName());
        assertEquals(8, f.profileNames().size());
    }

    @Test
    void loadCreatesAMissingFileAndDirectory() throws IOException {
        Path file = tmp.resolve("home/.aws/config");
        List<String> log = new ArrayList<>();
        ConfigFile f = ConfigFile.load(file, log::add);
        assertTrue(Files.isRegularFile(file));
        assertEquals(0, Files.size(file));
        assertEquals(List.of(), f.profileNames());
        assertTrue(log.stream().anyMatch(l -> l.contains("created")), log.toString());
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void loadCreatesOnlyTheFileWhenTheDirectoryExists() throws IOException {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null);
        Path dir = Files.createDirectory(tmp.resolve(".aws"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ConfigFile.load(dir.resolve("config"));
        assertTrue(Files.exists(dir.resolve("config")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void loadErrors() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("config-is-a-dir"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(dir));
        assertTrue(e.getMessage().startsWith("Error reading config file " + dir + ": "), e.getMessage());

        Path bad = tmp.resolve("bad");
        Files.writeString(bad, "[profile a]\nregion=x\n[profile b\n");
        assertEquals(bad + ":3: unclosed section header \"[profile b\"",
                assertThrows(ConfigException.class, () -> ConfigFile.load(bad)).getMessage());

        Path blocker = Files.writeString(tmp.resolve("file"), "");
        ConfigException create = assertThrows(ConfigException.class, () -> ConfigFile.load(blocker.resolve("sub/config")));
        assertTrue(create.getMessage().startsWith("Error creating config file "), create.getMessage());
    }

    @Test
    void loadDecodesBomsAndUtf16() throws IOException {
        String text = "[profile café]\r\nregion = eu-west-3\r\n";
        Path utf8bom = tmp.resolve("utf8bom");
        Files.write(utf8bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
        Path utf16le = tmp.resolve("utf16le");
        Files.write(utf16le, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
        Path utf16be = tmp.resolve("utf16be");
        Files.write(utf16be, concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE)));
        for (Path p : List.of(utf8bom, utf16le, utf16be)) {
            ConfigFile f = ConfigFile.load(p);
            assertEquals(List.of("café"), f.profileNames(), p.toString());
            assertEquals("eu-west-3", f.profile("café").orElseThrow().get("region").orElseThrow());
        }
    }

    @Test
    void loadToleratesInvalidUtf8() throws IOException {
        Path p = tmp.resolve("latin1");
        Files.write(p, "[profile a]\nregion = x\nnote = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("caf\uFFFD", ConfigFile.load(p).profile("a").orElseThrow().get("note").orElseThrow());
    }

    // --- config path --------------------------------------------------------------------------------------------

    @Test
    void defaultPath() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/home/u/.aws/config"), ConfigFile.defaultPath(Map.of(), home));
        assertEquals(Path.of("/home/u/.aws/config"), ConfigFile.defaultPath(Map.of("AWS_CONFIG_FILE", ""), home));
        assertEquals(Path.of("/etc/aws/config"), ConfigFile.defaultPath(Map.of("AWS_CONFIG_FILE", "/etc/aws/config"), home));
        assertEquals(Path.of("/home/u/cfg/aws"), ConfigFile.defaultPath(Map.of("AWS_CONFIG_FILE", "~/cfg/aws"), home));
        assertEquals(Path.of("relative/config"), ConfigFile.defaultPath(Map.of("AWS_CONFIG_FILE", "relative/config"), home));
        assertEquals(Path.of("~other/config"), ConfigFile.defaultPath(Map.of("AWS_CONFIG_FILE", "~other/config"), home));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
