package dev.awsvault.testing.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.invocation.TerminalUnavailableException;

/** The stand-in program records exactly how it was run, and the test prompt context is exactly what it was given. */
class StandInTest {
    @TempDir
    Path tmp;

    @Test
    void recordsArgumentsEnvironmentAndStdinAndAnswersAsTold() {
        StandIn tool = StandIn.create(tmp.resolve("bin"), "tool", "out 'quoted'\n", "err\n", 3);
        assertFalse(tool.ran());
        assertEquals(List.of(), tool.argv());
        List<String> argv = List.of("", "two words", "new\nline", "it's", "$HOME", "*");
        List<String> command = new ArrayList<>(List.of(tool.program().toString()));
        command.addAll(argv);
        Run.Result r = Run.run(command, Map.of("PATH", tool.dir().toString(), "MARKER", "a=b\nc"), "typed\0in");
        assertEquals(new Run.Result(3, "out 'quoted'\n", "err\n"), r);
        assertTrue(tool.ran());
        assertEquals(argv, tool.argv());
        assertEquals("a=b\nc", tool.environment().get("MARKER"));
        assertEquals(tool.dir().toString(), tool.environment().get("PATH"));
        assertFalse(tool.environment().containsKey("HOME"), "nothing but what it was given (and the shell's own)");
        assertEquals("typed\0in", tool.stdin());
        assertTrue(tool.pid() > 0);
    }

    @Test
    void aSleepingStandInHasRecordedItsPidAndArgumentsBeforeItSleeps() throws Exception {
        StandIn slow = StandIn.create(tmp, "slow", "", "", 0, 30);
        Process p = new ProcessBuilder(slow.program().toString(), "x").start();
        p.getOutputStream().close();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!slow.ran() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of("x"), slow.argv());
            assertEquals(p.pid(), slow.pid());
            assertTrue(p.isAlive(), "still asleep");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theTestPromptContextGivesOnlyItsEnvironmentAndScriptsTheTerminal() {
        TestPromptContext caller = new TestPromptContext(Map.of("PATH", "/x", "DISPLAY", ":1"));
        assertEquals(Map.of("PATH", "/x", "DISPLAY", ":1"), caller.environment());
        assertEquals(Map.of("PATH", "/x", "WAYLAND_DISPLAY", "w"),
                caller.with("DISPLAY", null).with("WAYLAND_DISPLAY", "w").environment());
        assertEquals(Map.of("PATH", "/x", "DISPLAY", ":1"), caller.environment(), "with() leaves the original");
        assertFalse(caller.terminal().isPresent());
        assertThrows(TerminalUnavailableException.class, () -> caller.terminal().readSecret("p: "));

        TestPromptContext.ScriptedTerminal terminal = new TestPromptContext.ScriptedTerminal("answer");
        TestPromptContext asking = new TestPromptContext(Map.of(), terminal);
        assertEquals("answer", new String(asking.terminal().readSecret("secret? ")));
        assertEquals("answer", asking.with("A", "b").terminal().readLine("line? "));
        assertEquals(List.of("secret:secret? ", "line:line? "), terminal.asked());
    }
}
