package dev.awsvault.testing.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;

/**
 * The contract of a dialog prompt driver (zenity, kdialog): a program on the caller's PATH, named as the driver,
 * that shows a window on the caller's display and prints the answer. Its test extends this class and adds what is
 * its own (the command line). First against a stand-in program (runs anywhere), then against the real program on an
 * Xvfb display, answered with xdotool as a user would (skipped off CI, failed on CI, when the program, Xvfb or
 * xdotool is missing).
 */
public abstract class DialogDriverContract {
    /** An MFA device whose underscore a GTK label would take for a mnemonic unless the driver escapes it. */
    protected static final String SERIAL = "arn:aws:iam::111111111111:mfa/first_last";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What the program prints and returns when it cannot open the display. */
    public record Failure(int exitCode, String stderr) {
    }

    @TempDir
    protected Path tmp;
    private final PromptDriver driver;
    private final String windowTitle;
    private final Failure displayFailure;
    private VirtualDisplay display;

    /**
     * @param driver the driver as Declarative Services creates it
     * @param windowTitle a regular expression matching the title of its window
     * @param displayFailure what its program leaves when it cannot open the display (as the real one does)
     */
    protected DialogDriverContract(PromptDriver driver, String windowTitle, Failure displayFailure) {
        this.driver = driver;
        this.windowTitle = windowTitle;
        this.displayFailure = displayFailure;
    }

    /** The driver under test. */
    protected final PromptDriver driver() {
        return driver;
    }

    /** A stand-in for the driver's program that answers {@code stdout}, {@code stderr} and {@code exitCode}. */
    protected final StandIn standIn(String stdout, String stderr, int exitCode) {
        return StandIn.create(tmp.resolve("bin"), driver().name(), stdout, stderr, exitCode);
    }

    /** A caller with the stand-in's folder on PATH (after one that does not exist) and a display. */
    protected static TestPromptContext caller(StandIn program) {
        return new TestPromptContext(Map.of("PATH", "/nonexistent:" + program.dir(), "DISPLAY", ":42"));
    }

    @AfterEach
    void closeDisplay() {
        if (display != null) {
            display.close();
        }
    }

    // --- against a stand-in ------------------------------------------------------------------------------------------

    @Test
    void theCodeComesTrimmedFromTheProgramOnTheCallersPathRunWithTheCallersEnvironment() {
        StandIn program = standIn(" 123456 \n", "", 0);
        assertEquals("123456", driver().prompt(PromptRequest.mfaCode(SERIAL),
                caller(program).with("MARKER", "from-the-caller")));
        assertEquals("from-the-caller", program.environment().get("MARKER"));
    }

    @Test
    void aPassphraseKeepsItsSpaces() {
        StandIn program = standIn("  pass phrase \n", "", 0);
        assertEquals("  pass phrase ", driver().prompt(PromptRequest.secret("p: "), caller(program)),
                "only the line end is removed");
    }

    @Test
    void availableOnlyWithTheProgramOnTheCallersPathAndADisplay() {
        StandIn program = standIn("", "", 0);
        PromptDriver driver = driver();
        assertTrue(driver.isAvailable(caller(program)));
        assertTrue(driver.isAvailable(caller(program).with("DISPLAY", null).with("WAYLAND_DISPLAY", "wayland-0")));
        assertFalse(driver.isAvailable(caller(program).with("DISPLAY", null)), "no display: a dialog nobody sees");
        assertFalse(driver.isAvailable(caller(program).with("DISPLAY", "")));
        assertFalse(driver.isAvailable(caller(program).with("PATH", tmp.resolve("empty").toString())),
                "not on the caller's PATH");
        assertFalse(program.ran(), "the probe never runs the program");
    }

    @Test
    void exitStatusOneIsACancel() {
        StandIn program = standIn("", "", 1);
        assertEquals(driver().name() + ": MFA code prompt cancelled", assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.mfaCode(SERIAL), caller(program))).getMessage());
        assertEquals(driver().name() + ": passphrase prompt cancelled", assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.secret("p: "), caller(program))).getMessage());
    }

    @Test
    void aDisplayTheProgramCannotOpenIsNotACancel() {
        StandIn program = standIn("", displayFailure.stderr(), displayFailure.exitCode());
        PromptException e = assertThrows(PromptException.class, () -> driver()
                .prompt(PromptRequest.mfaCode(SERIAL), caller(program).with("DISPLAY", ":77")));
        assertEquals(driver().name() + " cannot open the display (DISPLAY=:77); choose another driver with"
                + " --prompt", e.getMessage());
    }

    @Test
    void otherFailuresNameTheStatusAndTheLastMessageButNotTheAnswer() {
        StandIn program = standIn("s3cr3t-passphrase", "warning: one\nsomething broke\n\n", 255);
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.secret("p: "), caller(program)));
        assertEquals(driver().name() + " failed: exit status 255: something broke", e.getMessage());
    }

    // --- the real program --------------------------------------------------------------------------------------------

    /** The real program on a fresh Xvfb display; no session bus (the dialog must not start or autolaunch one). */
    private TestPromptContext realCaller() {
        Path program = Peers.require(driver().name());
        display = VirtualDisplay.start(tmp);
        return new TestPromptContext(Map.of("PATH", program.getParent() + ":/usr/bin:/bin",
                "DISPLAY", display.display(), "HOME", tmp.toString(), "DBUS_SESSION_BUS_ADDRESS", "disabled:"));
    }

    private CompletableFuture<String> ask(PromptRequest request, TestPromptContext caller) {
        return CompletableFuture.supplyAsync(() -> driver().prompt(request, caller));
    }

    /** What the driver returned, or the PromptException it threw. */
    private static String answer(CompletableFuture<String> asked) {
        try {
            return asked.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof PromptException p ? p : e;
        }
    }

    /** The error the driver gives when {@code key} is pressed in the real dialog asking for an MFA code. */
    private String errorAfterPressing(String key) {
        TestPromptContext caller = realCaller();
        CompletableFuture<String> asked = ask(PromptRequest.mfaCode(SERIAL), caller);
        display.press(display.awaitWindowNamed(windowTitle, WAIT), key);
        return assertThrows(PromptException.class, () -> answer(asked)).getMessage();
    }

    @Test
    void theRealDialogReturnsTheTypedCode() {
        TestPromptContext caller = realCaller();
        assertTrue(driver().isAvailable(caller));
        CompletableFuture<String> asked = ask(PromptRequest.mfaCode(SERIAL), caller);
        display.answer(display.awaitWindowNamed(windowTitle, WAIT), "654321");
        assertEquals("654321", answer(asked));
    }

    @Test
    void theRealDialogTakesAPassphrase() {
        TestPromptContext caller = realCaller();
        CompletableFuture<String> asked = ask(PromptRequest.secret("Enter passphrase to unlock \"/k/\": "), caller);
        display.answer(display.awaitWindowNamed(windowTitle, WAIT), "correct horse");
        assertEquals("correct horse", answer(asked));
    }

    @Test
    void escapeInTheRealDialogIsACancel() {
        assertEquals(driver().name() + ": MFA code prompt cancelled", errorAfterPressing("Escape"));
    }

    @Test
    void okInTheRealDialogWithNothingTypedIsRefused() {
        assertEquals(driver().name() + ": no MFA code entered", errorAfterPressing("Return"));
    }

    @Test
    void aDisplayThatIsGoneIsAnErrorForTheRealProgramNotACancel() {
        Path program = Peers.require(driver().name());
        int unused = 5000;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + unused))) {
            unused++;
        }
        TestPromptContext gone = new TestPromptContext(Map.of("PATH", program.getParent() + ":/usr/bin:/bin",
                "DISPLAY", ":" + unused, "HOME", tmp.toString()));
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.mfaCode(SERIAL), gone));
        assertEquals(driver().name() + " cannot open the display (DISPLAY=:" + unused
                + "); choose another driver with --prompt", e.getMessage());
    }
}
