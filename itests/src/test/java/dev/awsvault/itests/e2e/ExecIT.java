package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;

/**
 * {@code exec --no-session}: the child's environment exactly as the original builds it (reference §2.2, checklist
 * 6, 7, 9), the process replaced by the child (execve: same pid, no inherited descriptors), the exit status, the
 * default command, and the nesting guard.
 */
class ExecIT {

    /** What the original always removes from the child's environment. */
    static final List<String> UNSET = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", "AWS_SDK_LOAD_CONFIG");

    /** Variables a shell script (bin/aws-vault) sets for itself; not aws-vault's doing. */
    static final Set<String> SHELL_MANAGED = Set.of("_", "SHLVL", "PWD", "OLDPWD");

    static final String GUARD = "aws-vault: error: exec: running in an existing aws-vault subshell; 'exit' from the"
            + " subshell or unset AWS_VAULT to force";

    @TempDir
    Path tmp;

    @Test
    void theChildGetsTheCallersEnvironmentWithTheCredentialsAndNothingElse() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Map<String, String> caller = new TreeMap<>();
        for (String name : UNSET) {
            caller.put(name, "from-the-caller-" + name.toLowerCase());
        }
        Result result = sandbox.run(caller, "exec", "--no-session", "home", "--", "env");

        Map<String, String> expected = sandbox.environment();
        expected.putAll(caller);
        UNSET.forEach(expected::remove);
        expected.remove("AWS_VAULT_FILE_PASSPHRASE"); // beyond the original: the passphrase is never inherited
        expected.put("AWS_VAULT", "home");
        expected.put("AWS_REGION", Fixture.REGION);
        expected.put("AWS_DEFAULT_REGION", Fixture.REGION);
        expected.put("AWS_ACCESS_KEY_ID", Fixture.HOME_ACCESS_KEY_ID);
        expected.put("AWS_SECRET_ACCESS_KEY", Fixture.HOME_SECRET_ACCESS_KEY);
        // Long-term keys with --no-session: no AWS_SESSION_TOKEN, no AWS_CREDENTIAL_EXPIRATION, no AWS_SECURITY_TOKEN.

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("", result.errText(), result::describe);
        Map<String, String> child = new TreeMap<>(Checks.parseEnv(result.outText()));
        SHELL_MANAGED.stream().filter(name -> !expected.containsKey(name)).forEach(child::remove);
        assertEquals(new TreeMap<>(expected), child, result::describe);
    }

    @Test
    void theExitStatusIsTheChilds() {
        Result result = Sandbox.withFixture(tmp).run("exec", "--no-session", "home", "--", "sh", "-c", "exit 7");
        assertEquals(7, result.exitCode(), result::describe);
        assertEquals("", result.errText(), result::describe);
    }

    @Test
    void theChildReplacesTheProcessAndInheritsNoDescriptors() throws Exception {
        Sandbox.Started started = Sandbox.withFixture(tmp).start("exec", "--no-session", "home", "--", "sleep", "30");
        Path proc = Path.of("/proc", String.valueOf(started.pid()));
        try {
            // execve keeps the pid: the process started as bin/aws-vault (then java) must itself become `sleep`.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String comm = "";
            while (started.isAlive() && System.nanoTime() < deadline) {
                comm = read(proc.resolve("comm")).trim();
                if (comm.equals("sleep")) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals("sleep", comm, "exec must replace the launcher's process with the child (execve), not run"
                    + " it as a child process (pid " + started.pid() + ")");
            // sleep's own start-up (setlocale) opens locale files for a moment: an inherited descriptor stays, so
            // look until only 0, 1 and 2 are left, for up to 2 s
            Map<String, String> descriptors = descriptors(proc);
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!descriptors.keySet().equals(Set.of("0", "1", "2")) && System.nanoTime() < settle) {
                Thread.sleep(20);
                descriptors = descriptors(proc);
            }
            assertEquals(Set.of("0", "1", "2"), descriptors.keySet(),
                    "the child must inherit only stdin, stdout and stderr, none of the JVM's descriptors: "
                            + descriptors);
            assertEquals("sleep" + (char) 0 + "30" + (char) 0, read(proc.resolve("cmdline")));
        } finally {
            started.terminate();
            started.await();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void withoutACommandItRunsTheShell() throws Exception {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Path shell = Sandbox.write(tmp.resolve("bin/fakeshell"), "#!/bin/sh\necho \"fakeshell $# $AWS_VAULT\"\n");
        Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertOutput("fakeshell 0 home\n", sandbox.run(Map.of("SHELL", shell.toString()), "exec", "--no-session", "home"));
    }

    @Test
    void refusesToRunInsideAnAwsVaultSubshell() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Map<String, String> before = sandbox.snapshot();
        assertOneLineError(GUARD, sandbox.run(Map.of("AWS_VAULT", "x"), "exec", "--no-session", "home", "--", "true"));
        assertEquals(before, sandbox.snapshot());
    }

    @Test
    void execInsideExecFails() {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        Map<String, String> before = sandbox.snapshot();
        Result result = sandbox.run("exec", "--no-session", "home", "--",
                Sandbox.LAUNCHER.toString(), "exec", "--no-session", "home", "--", "true");
        assertOneLineError(GUARD, result);
        assertEquals(before, sandbox.snapshot());
    }

    private static Map<String, String> descriptors(Path proc) throws IOException {
        Map<String, String> descriptors = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    descriptors.put(fd.getFileName().toString(), String.valueOf(Files.readSymbolicLink(fd)));
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed between the listing and the look
                }
            }
        }
        return descriptors;
    }
}
