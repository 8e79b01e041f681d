package dev.awsvault.testing.keystore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A peer process started in a process group of its own ({@code setsid}), so that closing it also ends whatever it
 * started (activated services, helpers). Its output goes to a log file in the test's folder.
 */
public final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private boolean closed;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with exactly {@code env}, stdout and stderr appended to {@code log}. */
    public static Daemon start(String name, List<String> command, Map<String, String> env, Path log) {
        return start(name, command, env, log, null);
    }

    /** As {@link #start(String, List, Map, Path)}, writing {@code stdin} to the process, then closing its input. */
    public static Daemon start(String name, List<String> command, Map<String, String> env, Path log, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Peers.require("setsid").toString());
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // exited already; waitFor tells the caller
            }
            return new Daemon(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Starts {@code command} and returns it with the first line it printed on stdout (its address, say). */
    static Map.Entry<Daemon, String> startReadingFirstLine(String name, List<String> command, Map<String, String> env,
            Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Peers.require("setsid").toString());
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            Daemon d = new Daemon(name, p, log);
            if (line == null) {
                d.close();
                throw new AssertionError(name + " printed nothing; see " + log);
            }
            return Map.entry(d, line.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        } catch (Exception e) {
            throw new AssertionError("cannot start " + name + "; see " + log, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Polls {@code ready} every 50 ms until it holds; fails (with the log's path) when the daemon dies or time runs out. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError(name + " not ready after " + timeout + "; see " + log);
    }

    /** Ends the whole process group: TERM, then KILL after 3 s. Only once: the group id may be reused afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        signalGroup("-TERM");
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                signalGroup("-KILL");
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signalGroup(String signal) {
        try {
            new ProcessBuilder("kill", signal, "--", "-" + process.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(3, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
