package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.TerminalUnavailableException;

class LauncherInvocationTest {
    @TempDir
    Path dir;

    private static LauncherInvocation invocation(List<String> args, Map<String, String> env) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new LauncherInvocation(args, env, Paths.get("/work"), new ByteArrayInputStream(new byte[0]), out, out,
            TtyTerminal.none());
    }

    @Test
    void argumentsAndEnvironmentAreImmutableCopies() {
        List<String> args = new ArrayList<>(List.of("list", "--debug"));
        Map<String, String> env = new HashMap<>(Map.of("AWS_PROFILE", "p"));
        LauncherInvocation invocation = invocation(args, env);
        args.add("extra");
        env.put("OTHER", "x");
        assertEquals(List.of("list", "--debug"), invocation.arguments());
        assertEquals(Map.of("AWS_PROFILE", "p"), invocation.environment());
        assertThrows(UnsupportedOperationException.class, () -> invocation.arguments().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> invocation.environment().put("x", "y"));
        assertEquals(Paths.get("/work"), invocation.workingDirectory());
        assertFalse(invocation.isCancelled());
    }

    @Test
    void toStringShowsNoArgumentsOrEnvironment() {
        LauncherInvocation invocation = invocation(List.of("exec", "secret-profile"), Map.of("AWS_VAULT_FILE_PASSPHRASE", "canary"));
        assertFalse(invocation.toString().contains("secret-profile"));
        assertFalse(invocation.toString().contains("canary"));
    }

    @Test
    void handOverRecordsTheChildOnce() {
        LauncherInvocation invocation = invocation(List.of(), Map.of());
        assertNull(invocation.child());
        ChildProgram child = new ChildProgram(Paths.get("/bin/true"), List.of("true"), Map.of(), Paths.get("/"));
        assertEquals(Invocation.HANDED_OVER, invocation.handOver(child));
        assertSame(child, invocation.child());
        assertThrows(IllegalStateException.class, () -> invocation.handOver(child));
    }

    @Test
    void theProcessInvocationUsesTheProcessState() {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        LauncherInvocation invocation = LauncherInvocation.ofProcess(new String[] {"list"}, err);
        assertEquals(List.of("list"), invocation.arguments());
        assertEquals(System.getenv(), invocation.environment());
        assertEquals(Paths.get(System.getProperty("user.dir")), invocation.workingDirectory());
        assertSame(System.in, invocation.in());
        assertSame(err, invocation.err());
    }

    @Test
    void terminalFlagsComeFromTheLauncherScript() {
        String in = System.getProperty(TtyTerminal.TTY_IN_PROPERTY);
        String out = System.getProperty(TtyTerminal.TTY_OUT_PROPERTY);
        try {
            System.setProperty(TtyTerminal.TTY_IN_PROPERTY, "1");
            System.clearProperty(TtyTerminal.TTY_OUT_PROPERTY);
            TtyTerminal terminal = TtyTerminal.ofProcess();
            assertTrue(terminal.isInputTerminal());
            assertFalse(terminal.isOutputTerminal());
        } finally {
            restore(TtyTerminal.TTY_IN_PROPERTY, in);
            restore(TtyTerminal.TTY_OUT_PROPERTY, out);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void noTerminalMeansTerminalUnavailable() {
        TtyTerminal none = TtyTerminal.none();
        assertFalse(none.isPresent());
        TerminalUnavailableException e = assertThrows(TerminalUnavailableException.class, () -> none.readLine("MFA: "));
        assertEquals("no terminal available to ask for input", e.getMessage());
        assertThrows(TerminalUnavailableException.class, () -> none.readSecret("Passphrase: "));
        TtyTerminal missing = new TtyTerminal(dir.resolve("no-such-tty").toFile(), false, false);
        assertFalse(missing.isPresent());
        assertThrows(TerminalUnavailableException.class, () -> missing.readLine("x"));
    }

    @Test
    void readLineWritesThePromptToTheTerminalAndReadsFromIt() throws IOException {
        File device = Files.writeString(dir.resolve("tty"), "").toFile();
        TtyTerminal terminal = new TtyTerminal(device, true, true);
        assertTrue(terminal.isPresent());
        // A regular file stands in for the terminal: what the prompt writes there is what is read back.
        assertEquals("Enter MFA code: ", terminal.readLine("Enter MFA code: "));
    }

    @Test
    void readLineDecodesUtf8AndStopsAtTheNewline() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("pässwörd\nrest".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("pässwörd".toCharArray(), TtyTerminal.readLine(in));
        assertEquals('r', in.read(), "nothing past the line is consumed");
        assertArrayEquals("".toCharArray(), TtyTerminal.readLine(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8))));
        assertThrows(TerminalUnavailableException.class, () -> TtyTerminal.readLine(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void aSecretIsNotReadWhenEchoCannotBeTurnedOff() throws IOException {
        File notATerminal = Files.writeString(dir.resolve("file"), "secret\n").toFile();
        TtyTerminal terminal = new TtyTerminal(notATerminal, false, false);
        TerminalUnavailableException e = assertThrows(TerminalUnavailableException.class, () -> terminal.readSecret("Secret: "));
        assertEquals("cannot turn off echo on the terminal", e.getMessage());
    }

    @Test
    void debugIsRequestedByFlagOrEnvironmentButNotByTheChildsArguments() {
        assertTrue(Debug.requested(List.of("list", "--debug"), Map.of()));
        assertTrue(Debug.requested(List.of("list"), Map.of("AWS_VAULT_LAUNCHER_DEBUG", "1")));
        assertFalse(Debug.requested(List.of("list"), Map.of("AWS_VAULT_LAUNCHER_DEBUG", "0")));
        assertFalse(Debug.requested(List.of("exec", "p", "--", "prog", "--debug"), Map.of()));
    }
}
