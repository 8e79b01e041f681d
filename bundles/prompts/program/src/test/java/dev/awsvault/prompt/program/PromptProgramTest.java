package dev.awsvault.prompt.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.StandIn;

/** Finding, running and reading a prompt program, against stand-in programs on the caller's PATH. */
class PromptProgramTest {
    static final PromptRequest MFA = PromptRequest.mfaCode("arn:aws:iam::111111111111:mfa/jo");
    static final PromptRequest SECRET = PromptRequest.secret("Enter passphrase to unlock \"/k/\": ");

    @TempDir
    Path tmp;

    private static Map<String, String> path(Path dir) {
        return Map.of("PATH", dir.toString());
    }

    private static PromptProgram.Outcome run(StandIn program, Map<String, String> environment) {
        return PromptProgram.run(program.program().getFileName().toString(), List.of("--ask", "two words"),
                environment, null);
    }

    // --- find --------------------------------------------------------------------------------------------------------

    @Test
    void theProgramIsFoundOnTheCallersPathNotOurs() {
        StandIn asker = StandIn.create(tmp.resolve("elsewhere"), "asker", "", "", 0);
        assertEquals(Optional.of(asker.program()),
                PromptProgram.find("asker", Map.of("PATH", "/nonexistent:" + asker.dir())));
        assertEquals(Optional.empty(), PromptProgram.find("sh", Map.of("PATH", asker.dir().toString())),
                "not from this JVM's PATH");
    }

    @Test
    void relativeAndEmptyPathEntriesAreNeverSearched() {
        StandIn.create(tmp.resolve("bin"), "asker", "", "", 0);
        assertEquals(Optional.empty(), PromptProgram.find("asker", Map.of("PATH", ":.:bin:" + tmp.resolve("none"))));
        assertEquals(Optional.empty(), PromptProgram.find("asker", Map.of("PATH", "")));
        assertEquals(Optional.empty(), PromptProgram.find("asker", Map.of()));
    }

    @Test
    void aFileThatIsNotExecutableIsNotTheProgram() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("asker"), "#!/bin/sh\n");
        StandIn later = StandIn.create(tmp.resolve("later"), "asker", "", "", 0);
        assertEquals(Optional.of(later.program()),
                PromptProgram.find("asker", Map.of("PATH", bin + ":" + later.dir())));
    }

    // --- run ---------------------------------------------------------------------------------------------------------

    @Test
    void runsWithExactlyTheCallersEnvironmentAndAnEmptyStdin() {
        StandIn asker = StandIn.create(tmp.resolve("bin"), "asker", "123456\n", "a warning\n", 0);
        PromptProgram.Outcome outcome = run(asker, Map.of("PATH", asker.dir().toString(), "MARKER", "from-the-caller"));
        assertEquals(0, outcome.exitCode());
        assertArrayEquals("123456\n".getBytes(StandardCharsets.UTF_8), outcome.stdout());
        assertEquals("a warning\n", outcome.stderr());
        assertEquals(List.of("--ask", "two words"), asker.argv());
        assertEquals("from-the-caller", asker.environment().get("MARKER"));
        assertFalse(asker.environment().containsKey("HOME"), "nothing of this JVM's environment");
        assertEquals("", asker.stdin(), "stdin closed at once, as the original's empty stdin");
    }

    @Test
    void anOutcomeNeverShowsTheAnswer() {
        StandIn asker = StandIn.create(tmp.resolve("bin"), "asker", "s3cr3t-passphrase", "", 0);
        assertEquals("Outcome[exit 0, 17 bytes, stderr 0 chars]", run(asker, path(asker.dir())).toString());
    }

    @Test
    void missingFromPathIsAnError() {
        PromptException e = assertThrows(PromptException.class,
                () -> PromptProgram.run("asker", List.of(), path(tmp), null));
        assertEquals("asker was not found on PATH", e.getMessage());
    }

    @Test
    void stderrIsCopiedWholeAndItsEndKept() {
        String line = "x".repeat(99) + "\n";
        String messages = line.repeat(400) + "the last line\n";
        StandIn asker = StandIn.create(tmp.resolve("bin"), "asker", "", messages, 1);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PromptProgram.Outcome outcome = PromptProgram.run("asker", List.of(), path(asker.dir()),
                new PrintStream(copy, true, StandardCharsets.UTF_8));
        assertEquals(messages, copy.toString(StandardCharsets.UTF_8), "the user sees all of it");
        assertEquals(16 * 1024, outcome.stderr().length(), "16 KiB kept for the error");
        assertTrue(messages.endsWith(outcome.stderr()));
    }

    @Test
    void anUnansweredProgramIsStoppedAfterTheTimeout() throws Exception {
        StandIn asker = StandIn.create(tmp.resolve("bin"), "asker", "1\n", "", 0, 30);
        long start = System.nanoTime();
        PromptException e = assertThrows(PromptException.class,
                () -> PromptProgram.run("asker", List.of(), path(asker.dir()), Duration.ofSeconds(1), null));
        assertEquals("asker did not finish within 1 second and was stopped", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertStopped(asker.pid());
    }

    @Test
    void interruptionStopsTheProgramAndKeepsTheInterrupt() throws Exception {
        StandIn asker = StandIn.create(tmp.resolve("bin"), "asker", "1\n", "", 0, 30);
        Thread asking = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException ignored) {
                return;
            }
            asking.interrupt();
        });
        interrupter.start();
        try {
            PromptException e = assertThrows(PromptException.class, () -> run(asker, path(asker.dir())));
            assertEquals("asker was interrupted and stopped", e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } finally {
            interrupter.join();
        }
        assertStopped(asker.pid());
    }

    private static void assertStopped(long pid) throws InterruptedException {
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the program was killed");
    }

    // --- answer and errors -------------------------------------------------------------------------------------------

    @Test
    void anMfaCodeIsTrimmedAndTheOutputCleared() {
        byte[] stdout = "\n 654321 \r\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("654321", PromptProgram.answer("asker", MFA, stdout));
        assertArrayEquals(new byte[stdout.length], stdout, "the answer does not stay in the output");
    }

    @Test
    void aSecretLosesOnlyItsLineEnd() {
        assertEquals("  pass phrase ", PromptProgram.answer("asker", SECRET, bytes("  pass phrase \n")));
        assertEquals(" pass phrase", PromptProgram.answer("asker", SECRET, bytes(" pass phrase\r\n")));
        assertEquals("no line end ", PromptProgram.answer("asker", SECRET, bytes("no line end ")));
    }

    @Test
    void anEmptyAnswerIsRefused() {
        assertEquals("asker: no MFA code entered", assertThrows(PromptException.class,
                () -> PromptProgram.answer("asker", MFA, bytes("  \n"))).getMessage());
        assertEquals("asker: no passphrase entered", assertThrows(PromptException.class,
                () -> PromptProgram.answer("asker", SECRET, bytes("\n"))).getMessage());
    }

    @Test
    void cancelNamesWhatWasAskedFor() {
        assertEquals("asker: MFA code prompt cancelled", PromptProgram.cancelled("asker", MFA).getMessage());
        assertEquals("asker: passphrase prompt cancelled", PromptProgram.cancelled("asker", SECRET).getMessage());
    }

    @Test
    void otherFailuresNameTheStatusAndTheLastMessageButNeverTheAnswer() {
        assertEquals("asker failed: exit status 255: something broke", PromptProgram.failed("asker",
                new PromptProgram.Outcome(255, bytes("s3cr3t"), "warning: one\n  something broke \n\n")).getMessage());
        assertEquals("asker failed: exit status 3", PromptProgram.failed("asker",
                new PromptProgram.Outcome(3, bytes("s3cr3t"), " \n")).getMessage());
    }

    // --- dialogs -----------------------------------------------------------------------------------------------------

    private String askInDialog(String stdout, String stderr, int exitCode, PromptRequest request,
            String... environment) {
        StandIn dialog = StandIn.create(tmp.resolve("bin"), "dialog", stdout, stderr, exitCode);
        Map<String, String> env = new HashMap<>(Map.of("PATH", dialog.dir().toString()));
        for (int i = 0; i < environment.length; i += 2) {
            env.put(environment[i], environment[i + 1]);
        }
        String answer = PromptProgram.askInDialog("dialog", List.of("--ask"), request, env, "cannot open display",
                "could not connect to display");
        assertEquals(List.of("--ask"), dialog.argv());
        return answer;
    }

    private String dialogError(String stderr, int exitCode, String... environment) {
        return assertThrows(PromptException.class,
                () -> askInDialog("", stderr, exitCode, MFA, environment)).getMessage();
    }

    @Test
    void aDialogsAnswerIsReadAsTheRequestWants() {
        assertEquals("123456", askInDialog(" 123456 \n", "", 0, MFA));
        assertEquals(" pass phrase ", askInDialog(" pass phrase \n", "", 0, SECRET));
    }

    @Test
    void aDialogsExitStatusOneIsACancel() {
        assertEquals("dialog: MFA code prompt cancelled", dialogError("", 1));
    }

    @Test
    void aDialogThatCannotOpenTheDisplayIsNotACancel() {
        assertEquals("dialog cannot open the display (DISPLAY=:77); choose another driver with --prompt",
                dialogError("Gtk-WARNING **: cannot open display: :77\n", 1, "DISPLAY", ":77"));
        assertEquals("dialog cannot open the display (WAYLAND_DISPLAY=wayland-0); choose another driver with"
                + " --prompt", dialogError("qt.qpa.xcb: could not connect to display\n", 134,
                        "WAYLAND_DISPLAY", "wayland-0"));
        assertEquals("dialog cannot open the display (neither DISPLAY nor WAYLAND_DISPLAY is set); choose another"
                + " driver with --prompt", dialogError("cannot open display: \n", 1));
    }

    @Test
    void otherDialogFailuresNameTheStatusAndTheLastMessage() {
        assertEquals("dialog failed: exit status 255: something broke", dialogError("something broke\n", 255));
    }

    @Test
    void aDialogIsAvailableOnTheCallersPathWithADisplay() {
        StandIn dialog = StandIn.create(tmp.resolve("bin"), "dialog", "", "", 0);
        String path = dialog.dir().toString();
        assertTrue(PromptProgram.isDialogAvailable("dialog", Map.of("PATH", path, "DISPLAY", ":0")));
        assertTrue(PromptProgram.isDialogAvailable("dialog", Map.of("PATH", path, "WAYLAND_DISPLAY", "wayland-0")));
        assertFalse(PromptProgram.isDialogAvailable("dialog", Map.of("DISPLAY", ":0")), "not on the caller's PATH");
        assertFalse(dialog.ran(), "the probe never runs the program");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.FREEBSD, OS.OPENBSD})
    void withoutADisplayVariableNoDialogIsAvailableHere() {
        String path = StandIn.create(tmp.resolve("bin"), "dialog", "", "", 0).dir().toString();
        assertFalse(PromptProgram.isDialogAvailable("dialog", Map.of("PATH", path)));
        assertFalse(PromptProgram.isDialogAvailable("dialog",
                Map.of("PATH", path, "DISPLAY", "", "WAYLAND_DISPLAY", " ")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
