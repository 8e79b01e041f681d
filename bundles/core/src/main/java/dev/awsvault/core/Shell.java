package dev.awsvault.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.awsvault.api.source.CredentialSourceException;

/**
 * Runs a command line as the original does for {@code mfa_process}, {@code credential_process} and
 * {@code web_identity_token_process} ({@code /bin/sh -c}, or {@code cmd.exe /C} on Windows) in the caller's
 * environment only, stdin and stderr inherited, and returns its raw stdout. Unlike the original (which waits
 * forever) the process is bounded: after the timeout it is killed, with its descendants.
 */
public final class Shell {
    /** How long a command may run before it is stopped (the original waits forever). */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private Shell() {
    }

    /** The raw stdout of a successful run; {@code what} names the command in errors, e.g. {@code credential_process}. */
    public static byte[] run(String what, String command, Map<String, String> environment, Duration timeout)
            throws CredentialSourceException {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        ProcessBuilder pb = new ProcessBuilder(windows ? List.of("cmd.exe", "/C", command)
                : List.of("/bin/sh", "-c", command));
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CredentialSourceException("unable to run " + what + " " + quote(command) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                out.complete(in.readAllBytes());
            } catch (IOException | RuntimeException e) {
                out.completeExceptionally(e);
            }
        }, "aws-vault " + what + " stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(p);
                throw new CredentialSourceException(what + " " + quote(command) + " did not finish within "
                        + human(timeout) + " and was stopped");
            }
            byte[] stdout = out.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p.exitValue() != 0) {
                throw new CredentialSourceException(what + " " + quote(command) + " failed: exit status "
                        + p.exitValue());
            }
            return stdout;
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CredentialSourceException(what + " " + quote(command) + " was interrupted");
        } catch (TimeoutException e) {
            kill(p);
            throw new CredentialSourceException(what + " " + quote(command) + " exited, but its output was not"
                    + " closed within " + human(timeout));
        } catch (ExecutionException e) {
            throw new CredentialSourceException("unable to read the output of " + what + " " + quote(command) + ": "
                    + e.getCause().getMessage());
        }
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toMinutes() > 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** {@code s} as Go's {@code %q} prints it: double quotes, backslash escapes for quotes and control characters. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
