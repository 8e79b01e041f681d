package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.keystore.Peers;

/**
 * {@code aws-vault shell} on a real terminal: the assembled launcher in a tmux pane (a private tmux server), typed
 * at with {@code send-keys} and read back with {@code capture-pane}, over the fixture's file vault with no
 * {@code AWS_VAULT_FILE_PASSPHRASE}, so every command that opens the vault asks for the passphrase on the terminal.
 */
class ShellIT {
    static final String PROMPT = "aws-vault> ";
    static final String PASSPHRASE_PROMPT = "Enter passphrase to unlock";

    @TempDir
    Path tmp;
    Sandbox sandbox;
    Tmux tmux;

    @BeforeEach
    void start() {
        Path tmuxCommand = Peers.require("tmux");
        sandbox = Sandbox.withFixture(tmp.resolve("sandbox"))
                .setenv("AWS_VAULT_FILE_PASSPHRASE", null)
                .setenv("XDG_STATE_HOME", tmp.resolve("state").toString()); // this test's own history file
        tmux = new Tmux(tmuxCommand, tmp.resolve("tmux.sock"), sandbox);
    }

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
    }

    private Path history() {
        return tmp.resolve("state/aws-vault/shell_history");
    }

    @Test
    void runsCommandsAsksMaskedRunsChildrenSurvivesCtrlCAndKeepsAHistoryWithoutSecrets() throws IOException {
        tmux.startShell();
        tmux.waitForPrompts(1);

        tmux.typeLine("list");
        tmux.waitForPrompts(2);
        assertTrue(tmux.screen().contains("work/admin"), tmux::screen);

        tmux.typeLine("export --no-session home");
        tmux.waitFor(PASSPHRASE_PROMPT, 1);
        tmux.typeLine(Fixture.PASSPHRASE);
        tmux.waitForPrompts(3);
        assertTrue(tmux.screen().contains("AWS_ACCESS_KEY_ID=" + Fixture.HOME_ACCESS_KEY_ID), tmux::screen);
        assertFalse(tmux.screen().contains(Fixture.PASSPHRASE), "the passphrase was echoed:\n" + tmux.screen());

        tmux.typeLine("exec home --no-session -- sh -c 'echo \"key is $AWS_ACCESS_KEY_ID\"'");
        tmux.waitFor(PASSPHRASE_PROMPT, 2);
        tmux.typeLine(Fixture.PASSPHRASE);
        tmux.waitForPrompts(4);
        assertTrue(tmux.screen().contains("key is " + Fixture.HOME_ACCESS_KEY_ID), tmux::screen);

        // Ctrl-C while exec's child runs: the child (in the terminal's foreground group) dies, the shell stays.
        tmux.typeLine("exec home --no-session -- sh -c 'echo child-is-running; exec sleep 30'");
        tmux.waitFor(PASSPHRASE_PROMPT, 3);
        tmux.typeLine(Fixture.PASSPHRASE);
        tmux.waitFor("child-is-running", 2); // once in the command line, once printed by the child
        tmux.keys("C-c");
        tmux.waitForPrompts(5);
        tmux.typeLine("list");
        tmux.waitFor("work/admin", 2);
        tmux.waitForPrompts(6);

        // Ctrl-C at a prompt of a command cancels that command, not the shell.
        tmux.typeLine("remove home");
        tmux.waitFor("Delete credentials for profile \"home\"? (y|N)", 1);
        tmux.keys("C-c");
        tmux.waitForPrompts(7);

        tmux.keys("C-d");
        tmux.waitFor("shell exited with 0", 1);
        assertFalse(tmux.screen().contains(Fixture.PASSPHRASE), "the passphrase was echoed:\n" + tmux.screen());

        List<String> recorded = Files.readAllLines(history(), StandardCharsets.UTF_8);
        assertEquals(List.of("list", "export --no-session home",
                "exec home --no-session -- sh -c 'echo \"key is $AWS_ACCESS_KEY_ID\"'",
                "exec home --no-session -- sh -c 'echo child-is-running; exec sleep 30'", "list", "remove home"),
                recorded);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history())));
        Checks.assertNoLeakInFiles(Fixture.PASSPHRASE, history().getParent());
        assertTrue(Files.exists(sandbox.keys().resolve("home")), "the cancelled remove removed nothing");
    }

    @Test
    void mfaCodesAndTheShellItselfStayOutOfTheHistory() throws IOException {
        tmux.startShell();
        tmux.waitForPrompts(1);
        tmux.typeLine("exec home --mfa-token 123456 --no-session -- true");
        tmux.waitFor(PASSPHRASE_PROMPT, 1);
        tmux.typeLine(Fixture.PASSPHRASE);
        tmux.waitForPrompts(2);
        tmux.typeLine("shell");
        tmux.waitFor("aws-vault: error: shell: already in the aws-vault shell", 1);
        tmux.waitForPrompts(3);
        tmux.typeLine("exit");
        tmux.waitFor("shell exited with 0", 1);
        assertEquals(List.of("shell", "exit"), Files.readAllLines(history(), StandardCharsets.UTF_8));
    }

    /** Completion comes from the core's {@code --completion-bash}, run through the command service. */
    @Test
    void tabCompletesAProfileName() {
        tmux.startShell();
        tmux.waitForPrompts(1);
        tmux.keys("-l", "exec ho");
        tmux.keys("Tab");
        tmux.waitFor(PROMPT + "exec home ", 1);
        tmux.keys("C-c");
        tmux.waitForPrompts(2); // Ctrl-D typed while jline still handles the Ctrl-C can be dropped with it
        tmux.keys("C-d");
        tmux.waitFor("shell exited with 0", 1);
    }

    @Test
    void withoutATerminalTheShellIsAOneLineError() {
        Result result = sandbox.run("shell");
        assertOneLineError("aws-vault: error: shell: standard input is not a terminal", result);
    }

    /** A private tmux server whose one pane runs the launcher's shell with the sandbox's environment. */
    static final class Tmux implements AutoCloseable {
        private static final long WAIT_MILLIS = 90_000;
        private final Path command;
        private final Path socket;
        private final Sandbox sandbox;

        Tmux(Path command, Path socket, Sandbox sandbox) {
            this.command = command;
            this.socket = socket;
            this.sandbox = sandbox;
        }

        void startShell() {
            // The wrapper traps SIGINT (a handler, reset to the default in the launcher) so Ctrl-C ends neither it
            // nor the pane; it reports the shell's exit status.
            String line = "trap true INT; '" + Sandbox.LAUNCHER + "' shell; echo \"shell exited with $?\"; exec sleep 600";
            run("-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "-c", sandbox.root().toString(),
                    "sh", "-c", line);
            run("set-option", "-g", "history-limit", "10000");
        }

        void typeLine(String text) {
            keys("-l", text);
            keys("Enter");
        }

        void keys(String... keys) {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
            args.addAll(List.of(keys));
            run(args.toArray(String[]::new));
        }

        /** Everything the pane has shown, its scroll-back included, with wrapped lines joined. */
        String screen() {
            return run("capture-pane", "-p", "-J", "-S", "-", "-t", "0");
        }

        void waitForPrompts(int count) {
            waitFor(PROMPT, count);
        }

        /** Waits until {@code text} has appeared {@code count} times (a generous limit, then a failure). */
        void waitFor(String text, int count) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            String screen = "";
            while (System.nanoTime() < end) {
                screen = screen();
                if (occurrences(screen, text) >= count) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            fail("waited for " + count + " x '" + text + "' on the terminal; it shows:\n" + screen);
        }

        private static int occurrences(String screen, String text) {
            int n = 0;
            for (int i = screen.indexOf(text); i >= 0; i = screen.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        }

        private String run(String... args) {
            List<String> commandLine = new ArrayList<>(List.of(command.toString(), "-S", socket.toString()));
            commandLine.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(sandbox.environment());
            builder.environment().put("TERM", "xterm-256color");
            try {
                Process process = builder.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    fail("tmux " + String.join(" ", args) + " failed: " + out);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            ProcessBuilder builder = new ProcessBuilder(command.toString(), "-S", socket.toString(), "kill-server")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            try {
                builder.start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no server was started
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
