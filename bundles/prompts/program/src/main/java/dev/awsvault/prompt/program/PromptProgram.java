package dev.awsvault.prompt.program;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;

/**
 * A program that asks the user and prints the answer (a dialog, ykman): found on the caller's PATH and run with the
 * caller's environment, as the original's {@code exec.Command(…).Output()} does: stdin empty, stdout captured, stderr
 * captured (and, for a program whose messages the user must see while it runs, also copied live to our stderr).
 * Unlike the original it is bounded in time and never left running behind us: it is stopped on timeout, on
 * interruption and when the JVM shuts down (a caller such as the AWS CLI or an IDE gave up).
 *
 * <p>Errors are one-line {@link PromptException}s that start with the program's name and never contain its answer.
 */
public final class PromptProgram {
    /** How long a prompt may stay unanswered (the original waits forever; an MFA code is stale long before). */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int STDERR_KEPT = 16 * 1024;
    private static final long STREAM_GRACE_MILLIS = 5_000;

    private PromptProgram() {
    }

    /**
     * What a finished program left.
     *
     * @param exitCode its exit status
     * @param stdout all it wrote on stdout: the answer, which {@link #answer} clears
     * @param stderr the end of what it wrote on stderr (the last 16 KiB), as UTF-8
     */
    public record Outcome(int exitCode, byte[] stdout, String stderr) {

        /** The last non-blank line of stderr, stripped, or an empty string. */
        private String lastErrorLine() {
            List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        /** The exit status and sizes only: stdout is the answer, never shown. */
        @Override
        public String toString() {
            return "Outcome[exit " + exitCode + ", " + stdout.length + " bytes, stderr " + stderr.length() + " chars]";
        }
    }

    /**
     * The absolute path of {@code program} on the caller's PATH (with PATHEXT on Windows), as Go's
     * {@code exec.LookPath} finds it, except that empty and relative PATH entries are skipped: they name the
     * current directory, which Go refuses too ({@code exec.ErrDot}). Java's own lookup would use the JVM's PATH.
     */
    public static Optional<Path> find(String program, Map<String, String> environment) {
        boolean windows = isWindows();
        String path = variable(environment, "PATH", windows);
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        names.add(program);
        if (windows) {
            String extensions = variable(environment, "PATHEXT", true);
            for (String ext : (extensions == null || extensions.isEmpty() ? ".COM;.EXE;.BAT;.CMD" : extensions)
                    .split(";")) {
                if (!ext.isEmpty()) {
                    names.add(program + ext.toLowerCase(Locale.ROOT));
                }
            }
        }
        for (String entry : path.split(File.pathSeparator)) {
            String dir = windows ? entry.replace("\"", "") : entry;
            Path folder;
            try {
                folder = Path.of(dir);
            } catch (InvalidPathException e) {
                continue;
            }
            if (dir.isEmpty() || !folder.isAbsolute()) {
                continue;
            }
            for (String name : names) {
                Path candidate = folder.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A variable of the caller's environment; on Windows names are case-insensitive ({@code Path}). */
    private static String variable(Map<String, String> environment, String name, boolean ignoreCase) {
        String value = environment.get(name);
        if (value == null && ignoreCase) {
            for (Map.Entry<String, String> e : environment.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return value;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Whether this JVM runs on macOS. */
    public static boolean isMacos() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /**
     * Whether the dialog program {@code name} can ask the caller: it is on their PATH, and there is a display to show
     * it on: {@code DISPLAY} or {@code WAYLAND_DISPLAY} in their environment (a dialog without a display can never be
     * answered, so the automatic choice should move on to a driver that can ask), or macOS or Windows, where the
     * toolkits need neither.
     */
    public static boolean isDialogAvailable(String name, Map<String, String> environment) {
        boolean display = !environment.getOrDefault("DISPLAY", "").isBlank()
                || !environment.getOrDefault("WAYLAND_DISPLAY", "").isBlank() || isMacos() || isWindows();
        return display && find(name, environment).isPresent();
    }

    /**
     * Asks in the dialog program {@code name} (zenity, kdialog) and reads its exit as both report it: 0 with the
     * answer on stdout ({@link #answer}), 1 for Cancel, Escape or a closed window. A display it could not open is not
     * a cancel: the caller is told to choose another driver.
     *
     * @param name the program, e.g. {@code zenity}; errors call it so
     * @param arguments the command line after the program
     * @param request what is asked for: an MFA code is trimmed, a secret keeps its spaces
     * @param environment the caller's environment, which the program is run with
     * @param displayErrors what the program writes on stderr when it cannot open the display
     * @throws PromptException when the user cancels, the dialog cannot be shown, or it fails otherwise
     */
    public static String askInDialog(String name, List<String> arguments, PromptRequest request,
            Map<String, String> environment, String... displayErrors) {
        Outcome outcome = run(name, arguments, environment, null);
        if (outcome.exitCode() == 0) {
            return answer(name, request, outcome.stdout());
        }
        for (String displayError : displayErrors) {
            if (outcome.stderr().contains(displayError)) {
                throw displayUnavailable(name, environment);
            }
        }
        if (outcome.exitCode() == 1) {
            throw cancelled(name, request);
        }
        throw failed(name, outcome);
    }

    /**
     * Runs {@code name arguments…}, found on the caller's PATH ({@link #find}), with exactly the caller's
     * {@code environment}, and waits for it, for at most five minutes.
     *
     * @param name the program, e.g. {@code zenity}; errors call it so
     * @param stderrCopy where stderr is also copied as it arrives (a message the user must see while it runs), or
     *        null to only capture it
     * @throws PromptException when it is not on PATH, cannot be started, does not end in time, or we are interrupted
     */
    public static Outcome run(String name, List<String> arguments, Map<String, String> environment,
            PrintStream stderrCopy) {
        return run(name, arguments, environment, TIMEOUT, stderrCopy);
    }

    /** As {@link #run(String, List, Map, PrintStream)}, ending the program after {@code timeout}. */
    static Outcome run(String name, List<String> arguments, Map<String, String> environment, Duration timeout,
            PrintStream stderrCopy) {
        Path executable = find(name, environment)
                .orElseThrow(() -> new PromptException(name + " was not found on PATH"));
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PromptException("unable to run " + name + " (" + executable + "): " + e.getMessage());
        }
        Thread stopper = new Thread(() -> stop(process), "aws-vault " + name + " stopper");
        boolean hooked = hook(stopper);
        try {
            if (!hooked) { // the JVM is already shutting down: nobody is left to answer
                stop(process);
                throw new PromptException(name + " was not run: aws-vault is shutting down");
            }
            closeQuietly(process.getOutputStream()); // stdin: nothing to read, as the original's empty stdin
            CompletableFuture<byte[]> stdout = drain(name + " stdout", process.getInputStream(),
                    InputStream::readAllBytes);
            CompletableFuture<byte[]> stderr = drain(name + " stderr", process.getErrorStream(),
                    in -> tail(in, stderrCopy));
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                stop(process);
                throw new PromptException(name + " did not finish within " + human(timeout) + " and was stopped");
            }
            byte[] answer = stdout.get(STREAM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            byte[] messages = stderr.get(STREAM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            return new Outcome(process.exitValue(), answer, new String(messages, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new PromptException(name + " was interrupted and stopped");
        } catch (TimeoutException e) {
            stop(process);
            throw new PromptException(name + " exited, but its output was not closed (a process it started holds it)");
        } catch (ExecutionException e) {
            stop(process);
            throw new PromptException("unable to read the output of " + name + ": " + e.getCause().getMessage());
        } finally {
            if (hooked) {
                unhook(stopper);
            }
        }
    }

    /**
     * The answer in a program's stdout: an MFA code trimmed (Go's {@code strings.TrimSpace}), a secret with only its
     * line end removed (a passphrase may start or end with spaces). Empty answers are refused: an empty MFA code
     * can only fail at STS, and an empty passphrase from a dialog is far more likely an early Enter than a choice
     * (an empty file passphrase still works through {@code AWS_VAULT_FILE_PASSPHRASE=}).
     */
    public static String answer(String name, PromptRequest request, byte[] stdout) {
        String text = new String(stdout, StandardCharsets.UTF_8);
        Arrays.fill(stdout, (byte) 0);
        String answer;
        if (request.kind() == PromptRequest.Kind.SECRET) {
            answer = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } else {
            answer = text.strip();
        }
        if (answer.isEmpty()) {
            throw new PromptException(name + ": no " + subject(request) + " entered");
        }
        return answer;
    }

    /** The error for a prompt the user cancelled or closed. */
    public static PromptException cancelled(String name, PromptRequest request) {
        return new PromptException(name + ": " + subject(request) + " prompt cancelled");
    }

    /** The error for any other failure: the exit status and the program's last line on stderr, if any. */
    public static PromptException failed(String name, Outcome outcome) {
        String line = outcome.lastErrorLine();
        return new PromptException(name + " failed: exit status " + outcome.exitCode()
                + (line.isEmpty() ? "" : ": " + line));
    }

    /** The error for a dialog that could not open the caller's display (it said so on stderr). */
    private static PromptException displayUnavailable(String name, Map<String, String> environment) {
        String x = environment.getOrDefault("DISPLAY", "");
        String wayland = environment.getOrDefault("WAYLAND_DISPLAY", "");
        String display = x.isEmpty() && wayland.isEmpty() ? "neither DISPLAY nor WAYLAND_DISPLAY is set"
                : x.isEmpty() ? "WAYLAND_DISPLAY=" + wayland : "DISPLAY=" + x;
        return new PromptException(name + " cannot open the display (" + display
                + "); choose another driver with --prompt");
    }

    /** What the request asks for, in error messages. */
    private static String subject(PromptRequest request) {
        return request.kind() == PromptRequest.Kind.SECRET ? "passphrase" : "MFA code";
    }

    /** Reads one of the program's streams on a thread of its own, so that neither pipe can fill up and block it. */
    private static CompletableFuture<byte[]> drain(String what, InputStream in, StreamReader reader) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (in) {
                result.complete(reader.read(in));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "aws-vault " + what);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private interface StreamReader {
        byte[] read(InputStream in) throws IOException;
    }

    /** Reads {@code in} to its end, copying each chunk to {@code copy} at once; keeps the last bytes for errors. */
    private static byte[] tail(InputStream in, PrintStream copy) throws IOException {
        byte[] kept = new byte[0];
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) != -1;) {
            if (copy != null) {
                copy.write(buffer, 0, n);
                copy.flush();
            }
            int keep = Math.min(STDERR_KEPT, kept.length + n);
            byte[] next = new byte[keep];
            int fromOld = keep - n > 0 ? keep - n : 0;
            System.arraycopy(kept, kept.length - fromOld, next, 0, fromOld);
            System.arraycopy(buffer, n - (keep - fromOld), next, fromOld, keep - fromOld);
            kept = next;
        }
        return kept;
    }

    /** Stops the program and whatever it started (a dialog must not outlive the prompt). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static boolean hook(Thread stopper) {
        try {
            Runtime.getRuntime().addShutdownHook(stopper);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private static void unhook(Thread stopper) {
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the program has ended
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the program has already exited; its exit status tells
        }
    }

    private static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return seconds == 0 ? d.toMillis() + " ms" : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
