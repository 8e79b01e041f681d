package dev.awsvault.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.TerminalUnavailableException;

/** The REPL on jline's dumb terminal with a stub {@link CommandRunner}: what each typed line becomes. */
class ShellTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final List<Invocation> seen = Collections.synchronizedList(new ArrayList<>());

    private int runShell(String typed, ToIntFunction<Invocation> runner) throws IOException {
        return runShell(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), runner, null);
    }

    private int runShell(InputStream typed, ToIntFunction<Invocation> runner, Terminal[] terminalOut)
            throws IOException {
        try (Terminal terminal = new DumbTerminal("test", "dumb", typed, screen, StandardCharsets.UTF_8)) {
            if (terminalOut != null) {
                terminalOut[0] = terminal;
            }
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            ShellHistory history = new ShellHistory(historyFile(), warnings);
            CommandRunner stub = invocation -> {
                seen.add(invocation);
                return runner.applyAsInt(invocation);
            };
            return new Shell(stub, new ShellInvocationStub(dir), terminal, history, warnings).run();
        }
    }

    private Path historyFile() {
        return dir.resolve("state/aws-vault/shell_history");
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachLineRunsThroughTheRunnerWithTheShellsEnvironmentAndTheTerminalAsOutput() throws IOException {
        int status = runShell("list --debug\nexec 'work/admin' -- sh -c \"echo x\"\n", invocation -> {
            invocation.out().println("output of " + invocation.arguments().get(0));
            invocation.err().println("error of " + invocation.arguments().get(0));
            return 0;
        });
        assertEquals(0, status, "Ctrl-D (end of input) leaves with 0");
        assertEquals(List.of("list", "--debug"), seen.get(0).arguments());
        assertEquals(List.of("exec", "work/admin", "--", "sh", "-c", "echo x"), seen.get(1).arguments());
        assertEquals(Map.of("AWS_VAULT_BACKEND", "file"), seen.get(0).environment());
        assertEquals(dir, seen.get(0).workingDirectory());
        assertTrue(seen.get(0).terminal().isPresent());
        assertFalse(seen.get(0).isCancelled());
        assertTrue(screen().contains("output of list"), screen());
        assertTrue(screen().contains("error of exec"), screen());
        assertTrue(screen().contains(Shell.PROMPT), screen());
    }

    @Test
    void exitAndQuitLeaveBeforeTheRestOfTheInput() throws IOException {
        assertEquals(0, runShell("exit\nlist\n", invocation -> 0));
        assertEquals(0, runShell("quit\nlist\n", invocation -> 0));
        assertTrue(seen.isEmpty());
    }

    @Test
    void helpRunsHelpThroughTheRunnerAndNamesTheShellKeys() throws IOException {
        runShell("help\nhelp exec\n", invocation -> 0);
        assertEquals(List.of("--help"), seen.get(0).arguments());
        assertEquals(List.of("exec", "--help"), seen.get(1).arguments());
        assertTrue(screen().contains(Shell.KEYS_HELP), screen());
    }

    @Test
    void anUnbalancedQuoteIsAOneLineErrorAndTheShellGoesOn() throws IOException {
        runShell("exec 'home\nlist\n", invocation -> 0);
        assertTrue(screen().contains("aws-vault: error: unterminated single quote"), screen());
        assertEquals(List.of("list"), seen.get(0).arguments());
    }

    @Test
    void historyFileIsPrivateAndHoldsNeitherMfaCodesNorPromptAnswers() throws IOException {
        runShell("add home\nexec home --mfa-token 123456 -- true\nlist\n", invocation -> {
            if (invocation.arguments().get(0).equals("add")) {
                String id = invocation.terminal().readLine("Enter Access Key ID: ");
                char[] secret = invocation.terminal().readSecret("Enter Secret Access Key: ");
                invocation.out().println("got " + id + " and " + secret.length + " chars");
            }
            return 0;
        });
        // the prompt answers were taken from the lines after "add home", not run as commands
        assertTrue(screen().contains("got exec home --mfa-token 123456 -- true and 4 chars"), screen());
        assertEquals(List.of("add home"), Files.readAllLines(historyFile()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(historyFile())));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(historyFile().getParent())));
    }

    @Test
    void historyOfEarlierSessionsIsKeptAndAppended() throws IOException {
        runShell("list\n", invocation -> 0);
        runShell("clear home\n", invocation -> 0);
        assertEquals(List.of("list", "clear home"), Files.readAllLines(historyFile()));
    }

    @Test
    void ctrlCCancelsTheRunningCommandInterruptsItAndDropsItsLaterOutput() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch wroteLate = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
        java.io.PipedInputStream typed = new java.io.PipedInputStream(keyboard);
        Terminal[] terminal = new Terminal[1];
        Thread shell = new Thread(() -> {
            try {
                runShell(typed, invocation -> {
                    if (!invocation.arguments().get(0).equals("slow")) {
                        invocation.out().println("ran " + invocation.arguments().get(0));
                        return 0;
                    }
                    invocation.out().println("slow started");
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    invocation.out().println("LATE OUTPUT");
                    wroteLate.countDown();
                    return 0;
                }, terminal);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        shell.start();
        keyboard.write("slow\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        started.await();
        terminal[0].raise(Terminal.Signal.INT);
        wroteLate.await();
        keyboard.write("after\n".getBytes(StandardCharsets.UTF_8));
        keyboard.close();
        shell.join();
        assertTrue(interrupted.get(), "the command's thread was interrupted");
        assertTrue(seen.get(0).isCancelled());
        assertEquals(List.of("after"), seen.get(1).arguments(), "the shell went on after Ctrl-C");
        assertFalse(seen.get(1).isCancelled());
        assertTrue(screen().contains("slow started"), screen());
        assertFalse(screen().contains("LATE OUTPUT"), screen());
        assertTrue(screen().contains("ran after"), screen());
    }

    @Test
    void aCancelledCommandCannotAskAnythingAnyMore() {
        CommandRun run = new CommandRun();
        run.cancel();
        PromptTerminal terminal = new PromptTerminal(null, true, run);
        assertThrows(TerminalUnavailableException.class, () -> terminal.readSecret("Passphrase: "));
    }

    @Test
    void handOverRunsTheChildWithItsEnvironmentAndDirectoryAndReturnsItsStatus() throws Exception {
        Path child = dir.resolve("child");
        Files.createDirectories(child);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        NestedInvocation invocation = new NestedInvocation(List.of("exec"), new ShellInvocationStub(dir), out, out,
                null, new CommandRun(), true);
        int status = invocation.handOver(new ChildProgram(Path.of("/bin/sh"),
                List.of("sh", "-c", "echo \"$AWS_VAULT $(pwd)\" > seen; exit 3"), Map.of("AWS_VAULT", "home"), child));
        assertEquals(3, status);
        assertEquals("home " + child.toRealPath(), Files.readString(child.resolve("seen")).strip());
    }
}
