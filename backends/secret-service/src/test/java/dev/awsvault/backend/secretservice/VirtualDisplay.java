package dev.awsvault.backend.secretservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.awsvault.testing.keystore.Daemon;
import dev.awsvault.testing.keystore.Peers;
import dev.awsvault.testing.keystore.Run;

/**
 * An Xvfb display, and xdotool to answer the dialogs that appear on it (recipe: test-environment.md §1 option 2).
 * Off CI a missing Xvfb or xdotool skips the test; on CI it fails it ({@link Peers#require}).
 */
final class VirtualDisplay implements AutoCloseable {
    private final Daemon xvfb;
    private final String display;

    private VirtualDisplay(Daemon xvfb, String display) {
        this.xvfb = xvfb;
        this.display = display;
    }

    /** Starts Xvfb on a free display number (it picks one and reports it through {@code -displayfd}). */
    static VirtualDisplay start(Path dir) {
        Path exe = Peers.require("Xvfb");
        Peers.require("xdotool");
        Path log = dir.resolve("xvfb.log");
        Daemon xvfb = Daemon.start("Xvfb", List.of(exe.toString(), "-displayfd", "1", "-screen", "0", "1024x768x24",
                "-nolisten", "tcp"), Map.of("PATH", "/usr/bin:/bin"), log);
        String[] number = new String[1];
        xvfb.awaitReady(() -> (number[0] = displayNumber(log)) != null, Duration.ofSeconds(20));
        return new VirtualDisplay(xvfb, ":" + number[0]);
    }

    private static String displayNumber(Path log) {
        try {
            return Files.readAllLines(log).stream().map(String::strip).filter(l -> l.matches("\\d+")).findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code :1}. */
    String display() {
        return display;
    }

    /** Waits for a visible window of {@code windowClass}, focuses it, and types each field, Tab between, then Return. */
    void answer(String windowClass, Duration timeout, String... fields) {
        String window = xdotool(timeout, "search", "--sync", "--onlyvisible", "--class", windowClass).stdout()
                .lines().reduce((first, last) -> last).orElseThrow(() -> new AssertionError("no " + windowClass));
        xdotool(timeout, "windowfocus", "--sync", window).ok();
        sleep(300); // the prompter takes the focus a moment after mapping
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                xdotool(timeout, "key", "Tab").ok();
            }
            xdotool(timeout, "type", "--delay", "20", fields[i]).ok();
        }
        xdotool(timeout, "key", "Return").ok();
    }

    /** Whether a visible window of {@code windowClass} is on the display now. */
    boolean showsWindow(String windowClass) {
        return xdotool(Duration.ofSeconds(10), "search", "--onlyvisible", "--class", windowClass).exitCode() == 0;
    }

    private Run.Result xdotool(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("xdotool"));
        cmd.addAll(List.of(args));
        Run.Result r = Run.run(cmd, Map.of("PATH", "/usr/bin:/bin", "DISPLAY", display), null, timeout);
        return r;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        xvfb.close();
    }
}
