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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SharedCredentialsFile}: reading {@code ~/.aws/credentials} and removing keys from it line by line. */
class SharedCredentialsFileTest {
    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        return Files.write(tmp.resolve("credentials"), content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private boolean posix() {
        return Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null;
    }

    @Test
    void pathFromTheCallersEnvironmentElseTheHomeFolder() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/home/u/.aws/credentials"), SharedCredentialsFile.defaultPath(Map.of(), home));
        assertEquals(Path.of("/home/u/.aws/credentials"),
                SharedCredentialsFile.defaultPath(Map.of("AWS_SHARED_CREDENTIALS_FILE", ""), home));
        assertEquals(Path.of("/x/creds"), SharedCredentialsFile.defaultPath(Map.of("AWS_SHARED_CREDENTIALS_FILE", "/x/creds"), home));
        assertEquals(Path.of("/home/u/c"), SharedCredentialsFile.defaultPath(Map.of("AWS_SHARED_CREDENTIALS_FILE", "~/c"), home));
    }

    @Test
    void profilesAreTheSectionsAsWrittenWithTheirOwnKeys() {
        SharedCredentialsFile f = SharedCredentialsFile.parse("top = 1\n[default]\nAWS_Access_Key_ID = A\n"
                + "[DEFAULT]\nx = 1\n[profile odd]\nregion = r\n[a]\naws_access_key_id=B\n[a.b]\nregion = s\n"
                + "[a]\naws_secret_access_key = \"S\" # note\n", "c");
        assertEquals(List.of("default", "profile odd", "a", "a.b"), f.profileNames());
        assertEquals(Map.of("aws_access_key_id", "A"), f.values("default"));
        assertEquals(Map.of("aws_access_key_id", "B", "aws_secret_access_key", "S"), f.values("a"));
        assertEquals(Map.of("region", "s"), f.values("a.b"), "no ini.v1 child-section inheritance");
        assertEquals(Map.of(), f.values("missing"));
        assertEquals(Map.of(), f.values("DEFAULT"));
        assertFalse(f.toString().contains("S\""));
    }

    @Test
    void aMissingFileIsAnErrorAndIsNotCreated() {
        Path p = tmp.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class, () -> SharedCredentialsFile.load(p));
        assertEquals("Error reading credentials file " + p + ": no such file or directory", e.getMessage());
        assertFalse(Files.exists(p));
    }

    @Test
    void removesOnlyTheKeyLinesOfTheNamedProfilesKeepingEverythingElse() throws IOException {
        Path p = write("# my keys   \n"
                + "[default]\n"
                + "aws_access_key_id = AKIADEFAULT\n"
                + "aws_secret_access_key = secret1\n"
                + "\n"
                + "[work]\n"
                + "; the work account\n"
                + "region = eu-west-1\n"
                + "AWS_ACCESS_KEY_ID=AKIAWORK\n"
                + "aws_secret_access_key: secret2\n"
                + "aws_session_token =\n"
                + "output = json\n"
                + "\n"
                + "[keep]\n"
                + "aws_access_key_id = AKIAKEEP\n"
                + "aws_secret_access_key = secret3\n"
                + "\n"
                + "[commented]\n"
                + "# personal\n"
                + "aws_access_key_id = AKIAC\n"
                + "aws_secret_access_key = secret4\n"
                + "\n"
                + "[last]\n"
                + "aws_access_key_id = AKIAL\n"
                + "aws_secret_access_key = secret5\n");
        List<String> removed = SharedCredentialsFile.removeKeys(p, List.of("commented", "work", "default", "last", "absent"));
        assertEquals(List.of("default", "work", "commented", "last"), removed, "file order");
        assertEquals("# my keys   \n"
                + "[work]\n"
                + "; the work account\n"
                + "region = eu-west-1\n"
                + "output = json\n"
                + "\n"
                + "[keep]\n"
                + "aws_access_key_id = AKIAKEEP\n"
                + "aws_secret_access_key = secret3\n"
                + "\n"
                + "# personal\n", read(p));
    }

    @Test
    void keepsCrlfLineEndsAndTheByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String body = "[a]\r\naws_access_key_id = A\r\naws_secret_access_key = S\r\n\r\n[b]\r\nregion = r\r\n";
        Path p = tmp.resolve("credentials");
        Files.write(p, concat(bom, body.getBytes(StandardCharsets.UTF_8)));
        SharedCredentialsFile.removeKeys(p, List.of("a"));
        assertArrayEquals(concat(bom, "[b]\r\nregion = r\r\n".getBytes(StandardCharsets.UTF_8)), Files.readAllBytes(p));
    }

    @Test
    void utf16FilesStayUtf16() throws IOException {
        Path p = tmp.resolve("credentials");
        Files.write(p, "\uFEFF[a]\r\nregion = r\r\naws_access_key_id = A\r\naws_secret_access_key = S\r\n"
                .getBytes(StandardCharsets.UTF_16LE));
        SharedCredentialsFile.removeKeys(p, List.of("a"));
        assertArrayEquals("\uFEFF[a]\r\nregion = r\r\n".getBytes(StandardCharsets.UTF_16LE), Files.readAllBytes(p));
    }

    @Test
    void subBlocksAndRepeatedSectionsAreReadAsTheParserReadsThem() throws IOException {
        Path p = write("[a]\ns3 =\n  aws_access_key_id = nested\n  max = 2\naws_access_key_id = A\n"
                + "[b]\nregion = r\n[a]\naws_secret_access_key = S\n");
        SharedCredentialsFile.removeKeys(p, List.of("a"));
        assertEquals("[a]\ns3 =\n  aws_access_key_id = nested\n  max = 2\n[b]\nregion = r\n", read(p));
        assertEquals(Map.of("s3", "", "s3.aws_access_key_id", "nested", "s3.max", "2"), SharedCredentialsFile.load(p).values("a"));
    }

    @Test
    void aValueOverSeveralLinesOrAReferenceToARemovedKeyLeavesTheFileUnchanged() throws IOException {
        for (String text : List.of("[a]\naws_secret_access_key = abc\\\ndef\nregion = r\n",
                "[a]\naws_access_key_id = \"\"\"A\nB\"\"\"\nregion = r\n",
                "[a]\naws_access_key_id = A\nnote = %(aws_access_key_id)s\n")) {
            Path p = write(text);
            ConfigException e = assertThrows(ConfigException.class, () -> SharedCredentialsFile.removeKeys(p, List.of("a")), text);
            assertTrue(e.getMessage().startsWith("Cannot remove the keys from credentials file " + p + " safely"), e.getMessage());
            assertEquals(text, read(p));
            assertFalse(e.getMessage().contains("abc") || e.getMessage().contains("A\n"));
        }
    }

    @Test
    void invalidUtf8IsNotRewritten() throws IOException {
        Path p = tmp.resolve("credentials");
        byte[] bytes = concat("[a]\naws_access_key_id = A\n# caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE9, '\n'});
        Files.write(p, bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> SharedCredentialsFile.removeKeys(p, List.of("a")));
        assertTrue(e.getMessage().contains("not valid UTF-8 text"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(p));
    }

    @Test
    void nothingToRemoveWritesNothing() throws IOException {
        Path p = write("[a]\nregion = r\n");
        long before = Files.getLastModifiedTime(p).toMillis();
        assertEquals(List.of(), SharedCredentialsFile.removeKeys(p, List.of("a", "b")));
        assertEquals("[a]\nregion = r\n", read(p));
        assertEquals(before, Files.getLastModifiedTime(p).toMillis());
    }

    @Test
    void permissionsAreKeptButNeverWiderThan0600AndNoTempFileIsLeft() throws IOException {
        assumeTrue(posix());
        for (String[] modes : new String[][] {{"rw-r--r--", "rw-------"}, {"rw-------", "rw-------"}, {"r--------", "r--------"},
                {"rwxrwxrwx", "rw-------"}}) {
            Path p = write("[a]\naws_access_key_id = A\naws_secret_access_key = S\n[b]\nregion = r\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(modes[0]));
            SharedCredentialsFile.removeKeys(p, List.of("a"));
            assertEquals(modes[1], PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), modes[0]);
            assertEquals("[b]\nregion = r\n", read(p));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("credentials")), files.toList());
        }
    }

    @Test
    void aSymlinkIsUpdatedAtItsTarget() throws IOException {
        assumeTrue(posix());
        Path real = write("[a]\naws_access_key_id = A\nregion = r\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        SharedCredentialsFile.removeKeys(link, List.of("a"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[a]\nregion = r\n", read(real));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
