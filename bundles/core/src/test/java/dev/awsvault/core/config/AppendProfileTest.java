package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigFile#appendProfile}: appends without touching the rest of the file. */
class AppendProfileTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        return Files.write(tmp.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private boolean posix() {
        return Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null;
    }

    @Test
    void sameOutputAsTheOriginalsNestedConfigTest() throws IOException {
        String nested = "[default]\n\n[profile testing]\naws_access_key_id=foo\naws_secret_access_key=bar\nregion=us-west-2\n"
                + "s3=\n  max_concurrent_requests=10\n  max_queue_size=1000\n";
        Path p = write("config", nested);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mfa_serial", "testserial");
        values.put("region", "us-east-1");
        assertTrue(ConfigFile.appendProfile(p, "llamas", values));
        assertEquals(nested + "\n[profile llamas]\nmfa_serial=testserial\nregion=us-east-1\n", read(p));
    }

    @Test
    void keepsEveryByteOfTheExistingFile() throws IOException {
        String original = "# my config   \n[default]\nregion = us-west-2 # trailing comment\n\n\n  ; odd indent\n"
                + "[profile a]\nREGION\t=\t'quoted'\ns3 =\n    max_concurrent_requests = 20\n[services x]\nfoo=bar\n";
        Path p = write("config", original);
        assertTrue(ConfigFile.appendProfile(p, "new"));
        String now = read(p);
        assertTrue(now.startsWith(original));
        assertEquals(original + "\n[profile new]\n", now);
        ConfigFile f = ConfigFile.load(p);
        assertTrue(f.hasProfileSection("new"));
        assertEquals(List.of("default", "a", "new"), f.profileNames());
    }

    @Test
    void separation() throws IOException {
        assertEquals("[profile a]\nregion=x\n\n[profile b]\n", appendTo("[profile a]\nregion=x", "b"), "no final newline");
        assertEquals("[profile a]\n\n[profile b]\n", appendTo("[profile a]\n", "b"), "one newline");
        assertEquals("[profile a]\n\n[profile b]\n", appendTo("[profile a]\n\n", "b"), "already a blank line");
        assertEquals("[profile a]\n\n\n[profile b]\n", appendTo("[profile a]\n\n\n", "b"), "more blank lines are kept");
        assertEquals("[profile b]\n", appendTo("", "b"), "empty file");
        assertEquals("\n[profile b]\n", appendTo("\n", "b"), "a lone newline");
        assertEquals("[default]\n", appendTo("", "default"));
        assertEquals("[profile a]\n\n[profile name with spaces]\n", appendTo("[profile a]\n", "name with spaces"));
    }

    private String appendTo(String content, String profile) throws IOException {
        Path p = write("sep-" + Math.abs(content.hashCode()) + "-" + profile.hashCode(), content);
        assertTrue(ConfigFile.appendProfile(p, profile));
        return read(p);
    }

    @Test
    void keepsCrlfLineEnds() throws IOException {
        Path p = write("crlf", "[default]\r\nregion=us-west-2\r\n");
        assertTrue(ConfigFile.appendProfile(p, "w", Map.of("region", "eu-west-1")));
        assertEquals("[default]\r\nregion=us-west-2\r\n\r\n[profile w]\r\nregion=eu-west-1\r\n", read(p));
    }

    @Test
    void keepsBomAndUtf16() throws IOException {
        Path bom = tmp.resolve("bom");
        Files.write(bom, ("\uFEFF[default]\nregion=x\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(ConfigFile.appendProfile(bom, "b"));
        assertEquals("\uFEFF[default]\nregion=x\n\n[profile b]\n", read(bom));

        Path u16 = tmp.resolve("u16");
        byte[] orig = ("\uFEFF[default]\r\nregion=x\r\n").getBytes(StandardCharsets.UTF_16LE);
        Files.write(u16, orig);
        assertTrue(ConfigFile.appendProfile(u16, "b"));
        byte[] now = Files.readAllBytes(u16);
        assertEquals("\uFEFF[default]\r\nregion=x\r\n\r\n[profile b]\r\n", new String(now, StandardCharsets.UTF_16LE));
        assertEquals(List.of("default", "b"), ConfigFile.load(u16).profileNames());
    }

    @Test
    void doesNothingWhenTheProfileExists() throws IOException {
        String original = "[default]\n[profile a]\nregion=x\n";
        Path p = write("config", original);
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(p, before);
        assertFalse(ConfigFile.appendProfile(p, "a"));
        assertFalse(ConfigFile.appendProfile(p, "default"));
        assertEquals(original, read(p));
        assertEquals(before, Files.getLastModifiedTime(p));
    }

    @Test
    void profileDefaultSectionDoesNotCountForDefault() throws IOException {
        Path p = write("config", "[profile default]\nregion=x\n");
        assertTrue(ConfigFile.appendProfile(p, "default"));
        assertEquals("[profile default]\nregion=x\n\n[default]\n", read(p));
    }

    @Test
    void createsAMissingFileWithMode0600() throws IOException {
        Path p = tmp.resolve("new/.aws/config");
        assertTrue(ConfigFile.appendProfile(p, "x"));
        assertEquals("[profile x]\n", read(p));
        if (posix()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.getParent())));
        }
    }

    @Test
    void keepsTheFileMode() throws IOException {
        assumeTrue(posix());
        Path p = write("config", "[default]\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(ConfigFile.appendProfile(p, "x"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));

        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
        assertTrue(ConfigFile.appendProfile(p, "y"));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    void replacesAtomicallyAndLeavesNoTempFiles() throws IOException {
        Path p = write("config", "[default]\n");
        Object inodeBefore = Files.getAttribute(p, "basic:fileKey");
        assertTrue(ConfigFile.appendProfile(p, "x"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("config"), s.map(f -> f.getFileName().toString()).collect(Collectors.toList()));
        }
        Object inodeAfter = Files.getAttribute(p, "basic:fileKey");
        if (inodeBefore != null) {
            assertFalse(inodeBefore.equals(inodeAfter), "the file is replaced by a rename, not rewritten in place");
        }
    }

    @Test
    void updatesTheTargetOfASymlink() throws IOException {
        Path real = write("real-config", "[default]\n");
        Path dir = Files.createDirectory(tmp.resolve("dotaws"));
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("config"), real);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symlinks here");
            return;
        }
        assertTrue(ConfigFile.appendProfile(link, "x"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[default]\n\n[profile x]\n", read(real));
        assertEquals(read(real), read(link));
    }

    @Test
    void rejectsWhatCannotBeWritten() throws IOException {
        Path p = write("config", "");
        assertThrows(ConfigException.class, () -> ConfigFile.appendProfile(p, ""));
        assertThrows(ConfigException.class, () -> ConfigFile.appendProfile(p, "a\n[profile b]"));
        assertThrows(ConfigException.class, () -> ConfigFile.appendProfile(p, "a", Map.of("k", "v\nregion=x")));
        assertThrows(ConfigException.class, () -> ConfigFile.appendProfile(p, "a", Map.of("k=1", "v")));
        assertEquals("", read(p));
    }

    @Test
    void refusesToAppendToAnUnparsableFile() throws IOException {
        Path p = write("config", "[profile a\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.appendProfile(p, "b"));
        assertEquals(p + ":1: unclosed section header \"[profile a\"", e.getMessage());
        assertEquals("[profile a\n", read(p));
    }

    @Test
    void sameBytesForAnArbitraryPrefix() throws IOException {
        byte[] original = "[profile a]\nregion = x\n\t\n# \u00e9\u00e8 comment \u2603\n".getBytes(StandardCharsets.UTF_8);
        Path p = Files.write(tmp.resolve("config"), original);
        assertTrue(ConfigFile.appendProfile(p, "b"));
        byte[] now = Files.readAllBytes(p);
        byte[] prefix = new byte[original.length];
        System.arraycopy(now, 0, prefix, 0, original.length);
        assertArrayEquals(original, prefix);
    }
}
