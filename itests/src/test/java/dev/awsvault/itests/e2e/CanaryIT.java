package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertNoLeak;
import static dev.awsvault.itests.e2e.Checks.assertNoLeakInFiles;
import static dev.awsvault.itests.e2e.TerminalStep.answer;
import static dev.awsvault.itests.e2e.TerminalStep.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary secrets: a unique passphrase and unique secret keys are planted, every command runs with {@code --debug},
 * and then every stdout and stderr, the terminal transcript, the command lines of the running launcher and of the
 * exec'd child (and its children), and every file under HOME and the XDG folders are searched for them (as they
 * are and base64-encoded). A secret key may show only where the user asked for it (export's stdout, the exec'd
 * child's environment); the passphrase nowhere. Also checks the modes of what the file backend creates.
 */
class CanaryIT {

    @TempDir
    Path tmp;

    @Test
    void secretsShowOnlyWhereTheUserAskedForThem() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String passphrase = "canary-passphrase-" + id;
        String secretKey = "canary/secret+key/" + id;
        String typedSecret = "canary/typed+secret/" + id;
        Sandbox sandbox = Sandbox.empty(tmp).setenv("AWS_VAULT_FILE_PASSPHRASE", passphrase);
        assertFalse(Files.exists(sandbox.keys()));

        Result add = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", "AKIACANARY0000000001", "AWS_SECRET_ACCESS_KEY", secretKey),
                "--debug", "add", "--env", "canary");
        assertEquals(0, add.exitCode(), add::describe);
        assertEquals("rwx------", mode(sandbox.keys()), "the keys folder the backend creates");
        assertEquals("rw-------", mode(sandbox.keys().resolve("canary")), "a key file the backend writes");

        Result list = sandbox.run("--debug", "list");
        assertEquals(0, list.exitCode(), list::describe);

        Result export = sandbox.run("--debug", "export", "--no-session", "canary");
        assertEquals(0, export.exitCode(), export::describe);
        assertTrue(export.outText().contains("AWS_SECRET_ACCESS_KEY=" + secretKey + "\n"), export::describe);

        String script = "sleep 30 & child=$!; tr '\\0' ' ' < /proc/$child/cmdline; echo; "
                + "tr '\\0' ' ' < /proc/$$/cmdline; echo; kill $child; env";
        Result exec = sandbox.run("--debug", "exec", "--no-session", "canary", "--", "sh", "-c", script);
        assertEquals(0, exec.exitCode(), exec::describe);
        String[] execLines = exec.outText().split("\n", 3);
        assertEquals(3, execLines.length, exec::describe);
        Map<String, String> childEnv = Checks.parseEnv(execLines[2]);
        assertEquals(secretKey, childEnv.get("AWS_SECRET_ACCESS_KEY"), exec::describe);
        assertFalse(childEnv.containsKey("AWS_VAULT_FILE_PASSPHRASE"), "the child must not inherit the passphrase");

        Path cmdlines = tmp.resolve("cmdlines.txt");
        Result typed = sandbox.runOnTerminal(List.of(
                answer("Enter Access Key ID: ", "AKIACANARY0000000002\n"),
                secret("Enter Secret Access Key: ", typedSecret + "\n")), cmdlines, "--debug", "add", "typed");
        assertEquals(0, typed.exitCode(), typed::describe);

        Result wrong = sandbox.run(Map.of("AWS_VAULT_FILE_PASSPHRASE", "wrong-" + passphrase),
                "--debug", "export", "--no-session", "canary");
        assertNotEquals(0, wrong.exitCode(), wrong::describe);

        Result remove = sandbox.run("--debug", "remove", "-f", "typed");
        assertEquals(0, remove.exitCode(), remove::describe);

        // The passphrase shows nowhere; the secret keys only where asked for.
        for (Result result : sandbox.results()) {
            assertNoLeak(passphrase, result);
            assertNoLeak(typedSecret, result);
            assertNoLeak(secretKey, "the stderr of: " + result.describe(), result.err());
            if (result != export && result != exec) {
                assertNoLeak(secretKey, "the stdout of: " + result.describe(), result.out());
            }
        }
        assertNoLeak(passphrase, "the exec'd child's environment", exec.out());
        assertNoLeak(secretKey, "the command lines of the exec'd child and its child",
                (execLines[0] + "\n" + execLines[1]).getBytes());
        assertTrue(execLines[0].startsWith("sleep") || execLines[0].startsWith("sh"), exec::describe);
        assertTrue(Files.exists(cmdlines), "ptydrive records the command lines while add waits on the terminal");
        for (String canary : List.of(passphrase, secretKey, typedSecret)) {
            assertNoLeak(canary, "the command lines of the running launcher", Files.readAllBytes(cmdlines));
            assertNoLeakInFiles(canary, sandbox.home(), Sandbox.shared());
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
