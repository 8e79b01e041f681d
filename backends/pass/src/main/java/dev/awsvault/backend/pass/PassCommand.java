package dev.awsvault.backend.pass;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * Runs the pass program as the original does: the caller's environment plus {@code PASSWORD_STORE_DIR}, secrets
 * only ever on stdin or stdout (never in argv), stdin closed when there is nothing to send.
 */
final class PassCommand {
    /** Enough of pass's stderr for a message; the rest is read and dropped so pass never blocks on it. */
    private static final int STDERR_KEPT = 16 * 1024;
    private static final int MESSAGE_MAX = 300;

    /** What a run left behind: the exit code, stdout (plaintext for show: the caller clears it) and a summary. */
    record Outcome(int exitCode, byte[] stdout, String stderrSummary) {
        boolean ok() {
            return exitCode == 0;
        }

        /** " (exit N): <pass's message>" for the error message. */
        String why() {
            return " (exit " + exitCode + ")" + (stderrSummary.isEmpty() ? "" : ": " + stderrSummary);
        }
    }

    private final Path executable;
    private final Map<String, String> environment;

    PassCommand(Path executable, Map<String, String> environment) {
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    Path executable() {
        return executable;
    }

    /**
     * Runs {@code pass <args>}, feeding {@code stdin} (may be null) and keeping stdout only when asked. Blocks until
     * pass exits: there is no time limit, because gpg may be waiting for the user at a pinentry.
     */
    Outcome run(List<String> args, byte[] stdin, boolean keepStdout) throws KeystoreException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString()); // resolved on the caller's PATH, not the JVM's
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectOutput(keepStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KeystoreException("cannot run " + executable + ": " + reason(e));
        }
        StderrReader stderr = new StderrReader(process.getErrorStream());
        stderr.start();
        ZeroingBuffer stdout = new ZeroingBuffer(keepStdout ? 4096 : 16);
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin); // one write: pass hands it straight to gpg
                }
            } catch (IOException e) {
                // pass exited without reading (e.g. the store is not initialised): its exit code says why
            }
            if (keepStdout) {
                try (InputStream out = process.getInputStream()) {
                    stdout.readAll(out);
                }
            }
            int exit = process.waitFor();
            stderr.join();
            return new Outcome(exit, stdout.toArrayAndClear(), summary(stderr.text()));
        } catch (IOException e) {
            process.destroy();
            stdout.clear();
            throw new KeystoreException("cannot read the output of " + executable + ": " + reason(e));
        } catch (InterruptedException e) {
            process.destroy();
            stdout.clear();
            Thread.currentThread().interrupt();
            throw new KeystoreException("interrupted while " + executable + " was running");
        }
    }

    /** Drains pass's stderr on its own thread, so that neither stream can fill up and stall pass. */
    private static final class StderrReader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        StderrReader(InputStream in) {
            super("pass-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[4096];
            try (in) {
                for (int n; (n = in.read(chunk)) > 0;) {
                    kept.write(chunk, 0, Math.min(n, Math.max(0, STDERR_KEPT - kept.size())));
                }
            } catch (IOException e) {
                // the process is gone; what we have is all there is
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * One line from pass's stderr for a message: pass's own {@code Error:} text (with its continuation lines), else
     * the first line that is not gpg chatter. Neither pass nor gpg writes secrets to stderr.
     */
    static String summary(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String line : stderr.split("\r?\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Error:")) {
                StringBuilder error = new StringBuilder(lines.get(i));
                for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("Error:")
                        && !lines.get(j).startsWith("gpg:"); j++) {
                    error.append(' ').append(lines.get(j));
                }
                return oneLine(error.toString());
            }
        }
        for (String line : lines) {
            if (!isChatter(line)) {
                return oneLine(line);
            }
        }
        return lines.isEmpty() ? "" : oneLine(lines.get(0));
    }

    /** gpg's notes around the real error, and pass's own closing remark after a gpg failure. */
    private static boolean isChatter(String line) {
        return Character.isWhitespace(line.charAt(0))
                || line.startsWith("gpg: encrypted with")
                || line.startsWith("gpg: keyblock resource")
                || line.contains("trustdb created")
                || line.startsWith("gpg: WARNING:")
                || line.equals("Password encryption aborted.");
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        return flat.length() <= MESSAGE_MAX ? flat : flat.substring(0, MESSAGE_MAX) + "…";
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : oneLine(message);
    }

    /**
     * Go's {@code exec.LookPath} over the caller's PATH: a name with a '/' is taken as a path, otherwise the first
     * executable file of that name in an absolute PATH folder (Go refuses results from relative entries).
     * Null when there is none.
     */
    static Path find(String command, Map<String, String> environment) {
        if (command.isEmpty() || command.indexOf('\0') >= 0) {
            return null;
        }
        if (command.indexOf('/') >= 0) {
            Path path = Path.of(command).toAbsolutePath();
            return isExecutableFile(path) ? path : null;
        }
        String searchPath = environment.getOrDefault("PATH", "");
        for (String folder : searchPath.split(File.pathSeparator)) {
            if (folder.isEmpty() || !folder.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(folder, command);
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /** pass is a POSIX shell script; the original does not build this backend for Windows. */
    static boolean platformSupported() {
        return !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
