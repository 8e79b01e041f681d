package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static dev.awsvault.itests.e2e.Checks.table;
import static dev.awsvault.itests.e2e.TerminalStep.answer;
import static dev.awsvault.itests.e2e.TerminalStep.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;

/**
 * {@code add} (from the environment and on the terminal, with and without {@code --add-config}), read back with
 * {@code export} and {@code list}, and {@code remove} (forced, and confirmed or refused on the terminal).
 */
class AddRemoveIT {

    static final String NEW_KEY_ID = "AKIANEWPROFILE000001";
    static final String NEW_SECRET = "newProfile/Secret+Key0000000000000000000";

    @TempDir
    Path tmp;

    @Test
    void addFromTheEnvironmentThenExportListAndRemove() throws Exception {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", NEW_KEY_ID, "AWS_SECRET_ACCESS_KEY", NEW_SECRET);

        assertOutput("Added credentials to profile \"newprof\" in vault\n",
                sandbox.run(credentials, "add", "--env", "newprof"));
        Path keyFile = sandbox.keys().resolve("newprof");
        assertTrue(Files.isRegularFile(keyFile), "add must write " + keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        Map<String, Map<String, String>> config = sections(sandbox.config());
        assertEquals(List.of("profile home", "profile work/admin", "profile newprof"), new ArrayList<>(config.keySet()),
                "add appends [profile newprof] to the config and keeps the rest:\n" + Files.readString(sandbox.config()));
        assertEquals(Map.of("region", Fixture.REGION), config.get("profile home"));
        assertEquals(Map.of("region", Fixture.REGION), config.get("profile work/admin"));

        assertOutput("AWS_ACCESS_KEY_ID=" + NEW_KEY_ID + "\nAWS_SECRET_ACCESS_KEY=" + NEW_SECRET + "\n",
                sandbox.run("export", "--no-session", "newprof"));
        assertOutput(table(new String[] {"home", "home", "-"}, new String[] {"work/admin", "work/admin", "-"},
                new String[] {"newprof", "newprof", "-"}), sandbox.run("list"));

        assertOutput("Deleted credentials.\n", sandbox.run("remove", "-f", "newprof"));
        assertFalse(Files.exists(keyFile), "remove -f must delete " + keyFile);
        assertOutput("home\nwork/admin\n", sandbox.run("list", "--credentials"));
    }

    @Test
    void addWithNoAddConfigLeavesTheConfigAlone() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        assertOutput("Added credentials to profile \"other\" in vault\n", sandbox.run(
                Map.of("AWS_ACCESS_KEY_ID", NEW_KEY_ID, "AWS_SECRET_ACCESS_KEY", NEW_SECRET),
                "add", "--env", "--no-add-config", "other"));
        assertArrayEquals(Fixture.config(), read(sandbox.config()), "--no-add-config must not touch the config");
        // No section, so no region: export prints the two key lines only.
        assertOutput("AWS_ACCESS_KEY_ID=" + NEW_KEY_ID + "\nAWS_SECRET_ACCESS_KEY=" + NEW_SECRET + "\n",
                sandbox.run("export", "--no-session", "other"));
    }

    @Test
    void addAsksOnTheTerminalWithoutEchoingTheSecret() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        String secretKey = "typed/On+The/Terminal0000000000000000000";
        Result result = sandbox.runOnTerminal(List.of(
                answer("Enter Access Key ID: ", "AKIATYPEDONTERMINAL1\n"),
                secret("Enter Secret Access Key: ", secretKey + "\n")), null, "add", "ttyprof");
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.outText().contains("AKIATYPEDONTERMINAL1"), "the key id is echoed:\n" + result.describe());
        assertTrue(result.outText().contains("Added credentials to profile \"ttyprof\" in vault"), result::describe);
        Checks.assertNoLeak(secretKey, "the terminal", result.out());
        assertOutput("AWS_ACCESS_KEY_ID=AKIATYPEDONTERMINAL1\nAWS_SECRET_ACCESS_KEY=" + secretKey + "\n",
                sandbox.run("export", "--no-session", "ttyprof"));
    }

    @Test
    void removeAsksOnTheTerminal() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Map<String, String> before = sandbox.snapshot();

        Result refused = sandbox.runOnTerminal(
                List.of(answer("Delete credentials for profile \"home\"? (y|N) ", "n\n")), null, "remove", "home");
        assertEquals(0, refused.exitCode(), refused::describe);
        assertFalse(refused.outText().contains("Deleted"), refused::describe);
        assertEquals(before, sandbox.snapshot(), "answering n must delete nothing");

        Result confirmed = sandbox.runOnTerminal(
                List.of(answer("Delete credentials for profile \"work/admin\"? (y|N) ", "YES\n")), null,
                "remove", "work/admin");
        assertEquals(0, confirmed.exitCode(), confirmed::describe);
        assertTrue(confirmed.outText().contains("Deleted credentials."), confirmed::describe);
        assertFalse(Files.exists(sandbox.keys().resolve("work%2Fadmin")), "yes (any case) must delete work/admin");
        assertTrue(Files.exists(sandbox.keys().resolve("home")));
    }

    /** The sections of an ini file and their keys (lower-cased, values trimmed), in file order. */
    static Map<String, Map<String, String>> sections(Path file) throws Exception {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(trimmed.substring(1, trimmed.length() - 1).trim(), current);
            } else if (current != null && trimmed.contains("=")) {
                int eq = trimmed.indexOf('=');
                current.put(trimmed.substring(0, eq).trim().toLowerCase(), trimmed.substring(eq + 1).trim());
            }
        }
        return sections;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
