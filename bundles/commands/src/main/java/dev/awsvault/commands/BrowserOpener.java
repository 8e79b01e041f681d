package dev.awsvault.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.awsvault.api.AwsVaultException;

/** Opens a URL in the caller's default browser. */
@FunctionalInterface
interface BrowserOpener {

    /**
     * Opens {@code url}.
     *
     * @throws AwsVaultException when no opener is found or it fails; the message never contains the URL (a
     *     sign-in URL is a credential)
     */
    void open(String url, Map<String, String> environment, Path workingDirectory);

    /** How long an opener may take before it is left running and the command goes on. */
    long WAIT_SECONDS = 30;

    /**
     * As the original ({@code skratchdot/open-golang}): {@code open} on macOS, {@code rundll32
     * url.dll,FileProtocolHandler} on Windows, else {@code xdg-open}, found on the caller's PATH and run with the
     * caller's environment; it waits for the opener and fails when it exits non-zero.
     */
    BrowserOpener SYSTEM = (url, env, dir) -> {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean windows = os.contains("win");
        String opener = os.contains("mac") ? "open" : windows ? "rundll32" : "xdg-open";
        Optional<String> program = find(opener, env).or(() -> windows ? find("rundll32.exe", env) : Optional.empty());
        if (program.isEmpty()) {
            throw new AwsVaultException("Failed to open the login URL: " + opener + " is not on PATH"
                    + " (use --stdout to print the URL instead)");
        }
        List<String> command = windows ? List.of(program.get(), "url.dll,FileProtocolHandler", url)
                : List.of(program.get(), url);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (dir != null && Files.isDirectory(dir)) {
            pb.directory(dir.toFile());
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() != 0) {
                throw new AwsVaultException("Failed to open the login URL: " + opener + " exited with status "
                        + p.exitValue() + " (use --stdout to print the URL instead)");
            }
        } catch (IOException e) {
            throw new AwsVaultException("Failed to open the login URL: cannot run " + program.get() + ": "
                    + e.getMessage() + " (use --stdout to print the URL instead)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsVaultException("interrupted while opening the login URL");
        }
    };

    /** A program on the caller's PATH. */
    static Optional<String> find(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
