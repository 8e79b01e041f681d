package dev.awsvault.testing.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The display against a real dialog (zenity, which .ci/run installs): found, answered, cancelled as a user would. */
class VirtualDisplayTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    VirtualDisplay display;
    Process dialog;

    @BeforeEach
    void start() throws Exception {
        Path zenity = Peers.require("zenity");
        display = VirtualDisplay.start(tmp);
        ProcessBuilder builder = new ProcessBuilder(zenity.toString(), "--entry", "--title", "kit-test", "--text", "?")
                .redirectError(tmp.resolve("zenity.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(),
                "DISPLAY", display.display(), "DBUS_SESSION_BUS_ADDRESS", "disabled:"));
        dialog = builder.start();
    }

    /** The dialog's window, failing with what zenity said when it never shows. */
    private String dialogWindow() throws Exception {
        try {
            return display.awaitWindowNamed("^kit-test$", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; zenity " + (dialog.isAlive() ? "runs" : "exited "
                    + dialog.exitValue()) + ", stderr: " + Files.readString(tmp.resolve("zenity.err")), e);
        }
    }

    @AfterEach
    void stop() {
        if (dialog != null) {
            dialog.destroyForcibly();
        }
        if (display != null) {
            display.close();
        }
    }

    private String finish() throws Exception {
        assertTrue(dialog.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the dialog ended");
        return new String(dialog.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theDialogIsFoundByTitleAndClassAndAnswered() throws Exception {
        String window = dialogWindow();
        assertEquals(OptionalLong.of(dialog.pid()), display.pid(window), "the window's process");
        assertTrue(display.windowsOfClass("zenity").contains(window), display.windowsOfClass("zenity").toString());
        display.answer(window, "typed here");
        assertEquals("typed here\n", finish());
        assertEquals(0, dialog.exitValue());
    }

    @Test
    void escapeCancelsAndTheWindowGoes() throws Exception {
        String window = dialogWindow();
        display.press(window, "Escape");
        assertEquals("", finish());
        assertEquals(1, dialog.exitValue(), "zenity's cancel");
        assertEquals(List.of(), display.windowsNamed("^kit-test$"));
        assertEquals(OptionalLong.empty(), display.pid(window), "a window that is gone has no process");
    }

    @Test
    void aWindowThatNeverAppearsIsAFailureNamingIt() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> display.awaitWindowOfClass("no-such-class", Duration.ofSeconds(1)));
        assertEquals("no visible window of class no-such-class appeared on " + display.display() + " within 1 s",
                e.getMessage());
    }

    @Test
    void closingStopsTheServer() throws Exception {
        dialogWindow();
        Path socket = Path.of("/tmp/.X11-unix/X" + display.display().substring(1));
        assertTrue(Files.exists(socket), socket.toString());
        display.close();
        assertFalse(Files.exists(socket), "the server removed its socket");
        assertTrue(dialog.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "a dialog loses its display with the server");
    }
}
