package dev.awsvault.commands.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.awsvault.api.AwsVaultException;

/**
 * Starts and stops the root proxy from {@code exec --ec2-server} as the original does: {@code sudo -b aws-vault proxy}
 * (with {@code -H}, so root's home, not the user's, decides which plugins root loads), or the proxy directly when
 * aws-vault already runs as root (or on Windows, where the user must be an Administrator); then waits until the
 * metadata address answers. {@code GET /stop} ends it.
 */
final class ProxyProcess {
    /** The launcher's installation directory, set by {@code bin/aws-vault}. */
    static final String HOME_PROPERTY = "aws-vault.home";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private ProxyProcess() {
    }

    /** The command line that starts the proxy in the background. */
    static List<String> command(Path launcher, boolean root, boolean windows, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        if (!root && !windows) {
            command.add(lookPath("sudo", env.get("PATH")));
            command.add("-H");
            command.add("-b");
        } else if (!windows) {
            // as root: in a session of its own, so a Ctrl-C meant for the child does not stop it
            Path setsid = Path.of("/usr/bin/setsid");
            if (Files.isExecutable(setsid)) {
                command.add(setsid.toString());
            }
        }
        command.add(launcher.toString());
        command.add("proxy");
        return command;
    }

    /**
     * Starts the proxy and returns once the metadata address accepts connections.
     *
     * @return the proxy's process when it was started directly (not through sudo), so exec can wait for its end
     */
    static Optional<Process> start(Ec2Endpoints endpoints, Map<String, String> env,
            Consumer<String> log) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        boolean root = !windows && isRoot();
        List<String> command = command(launcher(windows), root, windows, env);
        log.accept("Starting `aws-vault proxy`" + (root || windows ? "" : " as root") + " in the background: "
                + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // sudo may ask for the password on the terminal; a proxy started directly needs no input
        pb.redirectInput(root || windows ? ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null"))
                : ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AwsVaultException("cannot start the EC2 metadata proxy (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        boolean sudo = !root && !windows;
        while (!MetadataProxy.isRunning(endpoints.metadata())) {
            if (!process.isAlive() && (!sudo || process.exitValue() != 0)) {
                throw notStarted(endpoints, windows, "it exited with status " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw notStarted(endpoints, windows, "it did not answer within " + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsVaultException("interrupted while starting the EC2 metadata proxy");
            }
        }
        return sudo ? Optional.empty() : Optional.of(process);
    }

    /** Waits a little for a proxy started directly to end, so its alias is gone when exec returns. */
    static void awaitEnd(Optional<Process> proxy) {
        if (proxy.isPresent()) {
            try {
                proxy.get().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static AwsVaultException notStarted(Ec2Endpoints endpoints, boolean windows, String why) {
        return new AwsVaultException("the EC2 metadata proxy did not start on " + endpoints.metadataText() + ": " + why
                + " (it needs " + (windows ? "Administrator rights" : "root, through sudo,")
                + " to add the address and bind the port; see the messages above)");
    }

    /** {@code bin/aws-vault} of this installation. */
    private static Path launcher(boolean windows) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isEmpty()) {
            throw new AwsVaultException("cannot start the EC2 metadata proxy: " + HOME_PROPERTY
                    + " is not set (this aws-vault was not started by bin/aws-vault)");
        }
        Path launcher = Path.of(home, "bin", windows ? "aws-vault.cmd" : "aws-vault");
        if (!Files.isExecutable(launcher)) {
            throw new AwsVaultException("cannot start the EC2 metadata proxy: " + launcher + " is missing");
        }
        return launcher;
    }

    /** Whether this process runs as root (real user id 0). */
    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static String lookPath(String name, String path) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AwsVaultException("cannot start the EC2 metadata proxy: binding the metadata address needs root,"
                + " and sudo is not on PATH");
    }
}
