package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A private X server (Xvfb, no TCP) on a display number it picks itself, and xdotool to find the windows shown on it
 * and answer them as a user would: focus, type, press keys (test-environment.md §1 option 2 and §5). There is no
 * window manager, so windows are focused, never activated. Off CI a missing Xvfb or xdotool skips the test; on CI it
 * fails it ({@link Peers#require}).
 */
public final class VirtualDisplay implements AutoCloseable {
    /** How long each xdotool call may take. */
    private static final Duration XDOTOOL = Duration.ofSeconds(20);
    /** With no window manager the toolkit takes the keyboard a moment after the focus moves (kdialog, gcr-prompter). */
    private static final long SETTLE_MILLIS = 500;

    private final Daemon xvfb;
    private final String display;
    private final Path xdotool;

    private VirtualDisplay(Daemon xvfb, String display, Path xdotool) {
        this.xvfb = xvfb;
        this.display = display;
        this.xdotool = xdotool;
    }

    /**
     * Starts Xvfb with its log in {@code dir}. The server takes the first free display number and reports it through
     * {@code -displayfd} once it accepts clients, so parallel test runs never race for a number.
     */
    public static VirtualDisplay start(Path dir) {
        Path exe = Peers.require("Xvfb");
        Path xdotool = Peers.require("xdotool");
        Path log;
        try {
            log = Files.createTempFile(dir, "xvfb-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -noreset: by default the server resets whenever its last client leaves, which each xdotool call is, and a
        // dialog that connects during a reset quits silently with Cancel's exit status.
        Daemon xvfb = Daemon.start("Xvfb", List.of(exe.toString(), "-displayfd", "1", "-noreset", "-screen", "0",
                "1024x768x24", "-nolisten", "tcp"), Map.of("PATH", "/usr/bin:/bin"), log);
        String[] number = new String[1];
        try {
            xvfb.awaitReady(() -> (number[0] = displayNumber(log)) != null, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            xvfb.close();
            throw e;
        }
        return new VirtualDisplay(xvfb, ":" + number[0], xdotool);
    }

    /** The first line of the log that is only digits: what {@code -displayfd 1} wrote (stdout goes to the log). */
    private static String displayNumber(Path log) {
        try {
            return Files.readAllLines(log).stream().map(String::strip).filter(l -> l.matches("\\d+")).findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code DISPLAY}, e.g. {@code :1}. */
    public String display() {
        return display;
    }

    /** The visible windows whose title matches {@code titleRegex} now, in xdotool's order (the newest last). */
    public List<String> windowsNamed(String titleRegex) {
        return search("--name", titleRegex);
    }

    /** The visible windows of {@code windowClass} now (e.g. {@code gcr-prompter}), the newest last. */
    public List<String> windowsOfClass(String windowClass) {
        return search("--class", windowClass);
    }

    /** Waits up to {@code timeout} for a visible window whose title matches {@code titleRegex}; the newest one. */
    public String awaitWindowNamed(String titleRegex, Duration timeout) {
        return await("named /" + titleRegex + "/", () -> windowsNamed(titleRegex), timeout);
    }

    /** Waits up to {@code timeout} for a visible window of {@code windowClass}; the newest one. */
    public String awaitWindowOfClass(String windowClass, Duration timeout) {
        return await("of class " + windowClass, () -> windowsOfClass(windowClass), timeout);
    }

    /** The pid of the process showing {@code window} ({@code _NET_WM_PID}); empty when it has none or is gone. */
    public OptionalLong pid(String window) {
        Run.Result r = xdotool("getwindowpid", window);
        String pid = r.stdout().strip();
        return r.exitCode() == 0 && pid.matches("\\d+") ? OptionalLong.of(Long.parseLong(pid)) : OptionalLong.empty();
    }

    /** Focuses {@code window} and types each of {@code fields}, Tab between them, then presses Return. */
    public void answer(String window, String... fields) {
        focus(window);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                xdotool("key", "Tab").ok();
            }
            xdotool("type", "--delay", "20", fields[i]).ok();
        }
        xdotool("key", "Return").ok();
    }

    /** Focuses {@code window} and presses {@code key} in it ({@code Escape} cancels a dialog). */
    public void press(String window, String key) {
        focus(window);
        xdotool("key", key).ok();
    }

    private void focus(String window) {
        xdotool("windowfocus", "--sync", window).ok();
        pause(SETTLE_MILLIS);
    }

    private List<String> search(String by, String value) {
        Run.Result r = xdotool("search", "--onlyvisible", by, value);
        return r.exitCode() == 0 ? r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
    }

    private String await(String what, Supplier<List<String>> windows, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = windows.get();
            if (!found.isEmpty()) {
                return found.get(found.size() - 1);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no visible window " + what + " appeared on " + display + " within "
                        + timeout.toSeconds() + " s");
            }
            pause(100);
        }
    }

    private Run.Result xdotool(String... args) {
        List<String> command = new ArrayList<>(List.of(xdotool.toString()));
        command.addAll(List.of(args));
        return Run.run(command, Map.of("PATH", "/usr/bin:/bin", "DISPLAY", display), null, XDOTOOL);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops the server; the windows on it close with it. */
    @Override
    public void close() {
        xvfb.close();
    }
}
