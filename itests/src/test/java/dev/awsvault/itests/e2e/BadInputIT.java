package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static dev.awsvault.itests.e2e.Checks.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;

/**
 * The bad input: each gets a one-line error ({@code aws-vault: error: …}) and a non-zero exit, prints no
 * stack trace and changes nothing on disk (config and keys folder fingerprinted before and after). Exec inside
 * exec is in {@link ExecIT}.
 */
class BadInputIT {

    static final Map<String, String> NEW_CREDENTIALS = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIANEWPROFILE000001", "AWS_SECRET_ACCESS_KEY", "newProfile/Secret+Key000000000000000");

    @TempDir
    Path tmp;

    @Test
    void wrongPassphrase() {
        Sandbox sandbox = Sandbox.withFixture(tmp).setenv("AWS_VAULT_FILE_PASSPHRASE", "not-the-passphrase");
        assertFailsAndChangesNothing(sandbox, "export", "--no-session", "home");
    }

    @Test
    void wrongPassphraseIsDetectedOnWriteToo() {
        Sandbox sandbox = Sandbox.withFixture(tmp).setenv("AWS_VAULT_FILE_PASSPHRASE", "not-the-passphrase");
        Map<String, String> before = sandbox.snapshot();
        assertOneLineError(sandbox.run(NEW_CREDENTIALS, "add", "--env", "newprof"));
        assertEquals(before, sandbox.snapshot(), "a failed add must change nothing (key file, config)");
    }

    @Test
    void truncatedKeyFile() throws Exception {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Path home = sandbox.keys().resolve("home");
        byte[] content = Files.readAllBytes(home);
        Files.write(home, java.util.Arrays.copyOf(content, content.length / 2));

        // Listing reads no secret, so every profile still lists.
        Result list = sandbox.run("list");
        assertSuccess(list);
        assertArrayEquals(Fixture.expectedList(), list.out(), list::describe);
        assertFailsAndChangesNothing(sandbox, "export", "--no-session", "home");
        assertOutput("AWS_ACCESS_KEY_ID=" + Fixture.WORK_ACCESS_KEY_ID + "\n"
                + "AWS_SECRET_ACCESS_KEY=" + Fixture.WORK_SECRET_ACCESS_KEY + "\n"
                + "AWS_REGION=" + Fixture.REGION + "\nAWS_DEFAULT_REGION=" + Fixture.REGION + "\n",
                sandbox.run("export", "--no-session", "work/admin"));
    }

    @Test
    void unknownProfile() {
        Result result = assertFailsAndChangesNothing(Sandbox.withFixture(tmp), "export", "--no-session", "nosuch");
        assertTrue(result.errText().contains("nosuch"), () -> "the error names the profile\n" + result.describe());
    }

    @Test
    void malformedConfigLine() throws Exception {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Files.writeString(sandbox.config(), new String(Fixture.config()) + "\nthis line is not a key and a value\n");
        assertFailsAndChangesNothing(sandbox, "list");
    }

    @Test
    void includeProfileCycle() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Sandbox.write(sandbox.config(), "[profile a]\ninclude_profile = b\n\n[profile b]\ninclude_profile = a\n");
        Result result = assertFailsAndChangesNothing(sandbox, "export", "--no-session", "a");
        assertTrue(result.errText().contains("Loop detected in config file for profile '"),
                () -> "the original's message\n" + result.describe());
    }

    @Test
    void sourceProfileCycle() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Sandbox.write(sandbox.config(), "[profile a]\nsource_profile = b\n\n[profile b]\nsource_profile = a\n");
        assertFailsAndChangesNothing(sandbox, "export", "--no-session", "a");
    }

    @Test
    void unknownBackend() {
        Result result = assertFailsAndChangesNothing(Sandbox.withFixture(tmp), "--backend", "nope", "list");
        // kingpin's enum error, listing the backends available here.
        assertTrue(result.errText().startsWith("aws-vault: error: enum value must be one of "), result::describe);
        assertTrue(result.errText().contains("got 'nope'"), result::describe);
    }

    @Test
    void unwritableVaultDirectory() throws Exception {
        // Modes would not stop root (CI runs as root): the keys folder lies under a regular file instead.
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Path blocker = Sandbox.write(tmp.resolve("blocker"), "a file, not a folder\n");
        sandbox.setenv("AWS_VAULT_FILE_DIR", blocker.resolve("keys").toString());
        Map<String, String> before = Sandbox.snapshot(sandbox.config(), blocker);
        assertOneLineError(sandbox.run(NEW_CREDENTIALS, "add", "--env", "newprof"));
        assertEquals(before, Sandbox.snapshot(sandbox.config(), blocker),
                "a failed add must not append [profile newprof] to the config");
    }

    private static Result assertFailsAndChangesNothing(Sandbox sandbox, String... args) {
        Map<String, String> before = sandbox.snapshot();
        Result result = sandbox.run(args);
        assertOneLineError(result);
        assertEquals(before, sandbox.snapshot(), () -> "the failed command changed files\n" + result.describe());
        return result;
    }
}
