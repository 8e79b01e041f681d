package dev.awsvault.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a detached agent (a JVM of the same installation running {@code Main} with {@link #SERVE_PROPERTY}) and
 * returns once it accepts connections. The agent makes itself a session leader, so closing the terminal does not
 * end it; its own diagnostics go to {@code agent.log} (0600) beside the socket, and never hold a secret.
 */
final class AgentStarter {
    static final String SERVE_PROPERTY = "aws-vault.agent.serve";
    static final String TTL_PROPERTY = "aws-vault.agent.ttl";
    /** How long a first start may take (it may populate the framework storage). */
    static final long START_TIMEOUT_MS = 60_000;
    static final List<String> SECRET_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN", "AWS_VAULT_FILE_PASSPHRASE");

    private AgentStarter() {
    }

    /** Starts an agent; returns its pid. Throws when it cannot start or does not come up in time. */
    static long start(Distribution distribution, Map<String, String> env, String ttl, Debug debug) {
        long uid = AgentSocket.uid();
        Path socket = AgentSocket.path(env, uid);
        if (ttl != null) {
            AgentSettings.parseDuration(ttl, "--ttl"); // refuse a bad value here, not in the detached agent
        } else {
            new AgentSettings(env).ttl();
        }
        AgentSocket.prepareDirectory(socket, uid);
        Path log = socket.resolveSibling("agent.log");
        try {
            if (!Files.exists(log)) {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new LauncherException("cannot create the agent's log " + log + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("-XX:+UseSerialGC");
        // Unlike a one-shot launcher the agent lives long: full JIT (C2), or the file vault's PBKDF2 costs ~30 ms a call.
        command.add("-Xss512k");
        command.add("-XX:-UsePerfData");
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-D" + Distribution.HOME_PROPERTY + "=" + distribution.home());
        command.add("-D" + SERVE_PROPERTY + "=1");
        if (ttl != null) {
            command.add("-D" + TTL_PROPERTY + "=" + ttl);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(new File("/"))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().remove(AgentSettings.SKIP_VARIABLE);
        // The agent serves each client with the client's own environment; it keeps no credential of the starter's.
        for (String secret : SECRET_VARIABLES) {
            builder.environment().remove(secret);
        }
        debug.log("starting an agent on " + socket);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LauncherException("cannot start the agent: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (AgentClient.isListening(socket)) {
                return process.pid();
            }
            if (!process.isAlive()) {
                throw new LauncherException("the agent did not start: " + lastLine(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroy();
        throw new LauncherException("the agent did not come up within " + START_TIMEOUT_MS / 1000 + " s (see " + log + ")");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "it exited (see " + log + ")";
    }

    /** Prints the one line {@code agent start} reports. */
    static void report(PrintStream err, long pid, Path socket) {
        err.println("Started the aws-vault agent (pid " + pid + ") on " + socket);
    }
}
