package dev.awsvault.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assertions shared by the end-to-end tests. */
public final class Checks {

    public static final String ERROR_PREFIX = "aws-vault: error: ";

    private Checks() {
    }

    /** Exit 0 and nothing on stderr. */
    public static void assertSuccess(Result result) {
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("", result.errText(), result::describe);
    }

    /** Exit 0, nothing on stderr, and exactly {@code expected} on stdout. */
    public static void assertOutput(String expected, Result result) {
        assertSuccess(result);
        assertEquals(expected, result.outText(), result::describe);
    }

    /**
     * How every user error must look: a non-zero exit, nothing on stdout, and exactly one line on stderr starting
     * {@code aws-vault: error: }, with no stack trace in it.
     */
    public static void assertOneLineError(Result result) {
        assertNotEquals(0, result.exitCode(), result::describe);
        assertEquals("", result.outText(), result::describe);
        String err = result.errText();
        assertTrue(err.startsWith(ERROR_PREFIX), () -> "stderr must start with '" + ERROR_PREFIX + "'\n"
                + result.describe());
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                () -> "stderr must be exactly one line\n" + result.describe());
        for (String trace : List.of("\tat ", "Exception", "Caused by", "    at ")) {
            assertFalse(err.contains(trace), () -> "stderr shows a stack trace or exception\n" + result.describe());
        }
    }

    /** {@link #assertOneLineError(Result)} with status 1 and exactly this line. */
    public static void assertOneLineError(String expectedLine, Result result) {
        assertOneLineError(result);
        assertEquals(expectedLine + "\n", result.errText(), result::describe);
        assertEquals(1, result.exitCode(), result::describe);
    }

    /** The lines of a {@code key=value} listing (such as {@code env}'s output), in a map. */
    public static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                fail("not a NAME=value line: " + line);
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /**
     * The forms a secret could leak in: as it is, and base64-encoded (standard and URL-safe, at the three byte
     * alignments, trimmed to the characters that depend on the secret alone), as inside an item's {@code Data}.
     */
    public static List<String> leakForms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>(List.of(secret));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.encodeToString(shifted);
                int start = offset == 0 ? 0 : 4;
                int end = shifted.length % 3 == 0 ? encoded.length() : encoded.length() - 4;
                if (end - start >= 8) {
                    forms.add(encoded.substring(start, end));
                }
            }
        }
        return forms;
    }

    /** Fails when {@code data} holds {@code secret} in any of its {@link #leakForms}. */
    public static void assertNoLeak(String secret, String where, byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        for (String form : leakForms(secret)) {
            if (text.contains(form)) {
                fail("secret leaked (as '" + form + "') in " + where);
            }
        }
    }

    /** Fails when a run's stdout or stderr holds {@code secret}. */
    public static void assertNoLeak(String secret, Result result) {
        assertNoLeak(secret, "the stdout of: " + result.describe(), result.out());
        assertNoLeak(secret, "the stderr of: " + result.describe(), result.err());
    }

    /**
     * Fails when any file under the given folders (or the given files) holds {@code secret}. Files that vanish
     * while they are read (a training run's temporary archive, another test's sandbox) are skipped.
     */
    public static void assertNoLeakInFiles(String secret, Path... roots) {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        if (attributes.isRegularFile()) {
                            byte[] data;
                            try {
                                data = Files.readAllBytes(file);
                            } catch (NoSuchFileException gone) {
                                return FileVisitResult.CONTINUE;
                            }
                            assertNoLeak(secret, "the file " + file, data);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The original's {@code list} table: tabwriter with minwidth 25 and padding 2, every cell padded. */
    public static String table(String[]... rows) {
        StringBuilder table = new StringBuilder();
        table.append(row("Profile", "Credentials", "Sessions"));
        table.append(row("=======", "===========", "========"));
        for (String[] row : rows) {
            table.append(row(row));
        }
        return table.toString();
    }

    private static String row(String... cells) {
        StringBuilder row = new StringBuilder();
        for (String cell : cells) {
            if (cell.length() > 23) {
                throw new IllegalArgumentException("table() only knows cells up to 23 characters: " + cell);
            }
            row.append(String.format("%-25s", cell));
        }
        return row.append('\n').toString();
    }
}
