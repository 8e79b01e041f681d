package dev.awsvault.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.awsvault.itests.Fixture;

/**
 * One test's private world for running the assembled launcher ({@code bin/aws-vault}) as a subprocess: its own
 * HOME holding a copy of the fixture's config ({@code ~/.aws/config}) and keys ({@code ~/.awsvault/keys}), and an
 * environment built from nothing but what the launcher needs: PATH (and JAVA_HOME, LANG when set), HOME, the XDG
 * folders, {@code AWS_CONFIG_FILE}, {@code AWS_VAULT_FILE_DIR}, {@code AWS_VAULT_BACKEND=file} and
 * {@code AWS_VAULT_FILE_PASSPHRASE}.
 *
 * <p>The XDG cache, data, state and config folders are shared by all tests of one suite run (under
 * {@code target/e2e/}), so the launcher's framework storage is reused from run to run as it is on a user's machine,
 * and parallel tests also exercise concurrent first runs.
 *
 * <p>Every run starts in a new session ({@code setsid}), so the launcher never has a controlling terminal unless a
 * test gives it one ({@link #runOnTerminal}): a prompt can never hang on the terminal of whoever runs the build.
 */
public final class Sandbox {

    /** The launcher under test, {@code launcher/target/aws-vault/bin/aws-vault}. */
    public static final Path LAUNCHER = Path.of(property("awsvault.launcher"));

    private static final Path WORK = Path.of(property("awsvault.e2e.work"));
    private static final Path PTY_DRIVER = Path.of(property("awsvault.ptydrive"));
    private static final Path SHARED = createShared();
    private static final long TIMEOUT_SECONDS = 120;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path root;
    private final Path home;
    private final Map<String, String> environment = new TreeMap<>();
    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());

    private Sandbox(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        try {
            Files.createDirectories(home);
            Files.createDirectories(root.resolve("runs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = System.getenv("PATH");
        environment.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        for (String passed : List.of("JAVA_HOME", "LANG")) {
            if (System.getenv(passed) != null) {
                environment.put(passed, System.getenv(passed));
            }
        }
        environment.put("HOME", home.toString());
        // The agent's socket lives here: an agent a test starts is this sandbox's alone, and no other run finds it.
        Path runtime = root.resolve("run");
        try {
            Files.createDirectories(runtime);
            Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put("XDG_RUNTIME_DIR", runtime.toString());
        environment.put("XDG_CACHE_HOME", SHARED.resolve("cache").toString());
        environment.put("XDG_DATA_HOME", SHARED.resolve("data").toString());
        environment.put("XDG_STATE_HOME", SHARED.resolve("state").toString());
        environment.put("XDG_CONFIG_HOME", SHARED.resolve("config").toString());
        environment.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        environment.put("AWS_VAULT_FILE_DIR", home.resolve(".awsvault/keys").toString());
        environment.put("AWS_VAULT_BACKEND", "file");
        environment.put("AWS_VAULT_FILE_PASSPHRASE", Fixture.PASSPHRASE);
    }

    /** A sandbox holding a copy of the fixture: config with [profile home] and [profile work/admin], both keys. */
    public static Sandbox withFixture(Path tempDir) {
        Sandbox sandbox = new Sandbox(tempDir);
        Fixture.copyConfigTo(sandbox.config());
        Fixture.copyKeysTo(sandbox.keys());
        return sandbox;
    }

    /** A sandbox with an empty config file and no keys folder yet. */
    public static Sandbox empty(Path tempDir) {
        Sandbox sandbox = new Sandbox(tempDir);
        try {
            Files.createDirectories(sandbox.config().getParent());
            Files.write(sandbox.config(), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sandbox;
    }

    public Path root() {
        return root;
    }

    public Path home() {
        return home;
    }

    /** {@code AWS_CONFIG_FILE}. */
    public Path config() {
        return Path.of(environment.get("AWS_CONFIG_FILE"));
    }

    /** {@code AWS_VAULT_FILE_DIR}. */
    public Path keys() {
        return Path.of(environment.get("AWS_VAULT_FILE_DIR"));
    }

    /** The folders shared by every sandbox of this suite run (XDG cache, data, state, config). */
    public static Path shared() {
        return SHARED;
    }

    /** The environment every run of this sandbox gets (a copy). */
    public Map<String, String> environment() {
        return new TreeMap<>(environment);
    }

    /** Changes the base environment of this sandbox's later runs; a null value removes the variable. */
    public Sandbox setenv(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    /** Every run of this sandbox so far. */
    public List<Result> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** Runs {@code aws-vault args…} with this sandbox's environment and no stdin. */
    public Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs {@code aws-vault args…} with this sandbox's environment changed by {@code changes} (null removes). */
    public Result run(Map<String, String> changes, String... args) {
        List<String> command = new ArrayList<>(List.of("setsid", "-w", launcher().toString()));
        command.addAll(Arrays.asList(args));
        return start(command, changes, List.of(args));
    }

    /**
     * Runs {@code aws-vault args…} on a new pseudo-terminal (its controlling terminal, and its stdin, stdout and
     * stderr), answering its prompts by {@code steps}. The result's stdout is the terminal transcript.
     *
     * @param cmdlines where to record the command lines of the launcher and its children before each answer (what
     *            {@code ps} shows while it waits), or null
     */
    public Result runOnTerminal(List<TerminalStep> steps, Path cmdlines, String... args) {
        int n = RUNS.incrementAndGet();
        Path stepsFile = root.resolve("runs").resolve(n + ".steps.json");
        write(stepsFile, TerminalStep.toJson(steps));
        List<String> command = new ArrayList<>(List.of("python3", PTY_DRIVER.toString(), stepsFile.toString()));
        if (cmdlines != null) {
            command.addAll(List.of("--cmdlines", cmdlines.toString()));
        }
        command.add("--");
        command.add(launcher().toString());
        command.addAll(Arrays.asList(args));
        return start(command, Map.of(), List.of(args));
    }

    /**
     * Starts {@code aws-vault args…} like {@link #run(String...)} without waiting for it, so a test can look at the
     * running process ({@code /proc/<pid>}); {@link Started#await()} gives the result.
     */
    public Started start(String... args) {
        List<String> command = new ArrayList<>(List.of("setsid", "-w", launcher().toString()));
        command.addAll(Arrays.asList(args));
        return launch(command, Map.of(), List.of(args));
    }

    private Result start(List<String> command, Map<String, String> changes, List<String> args) {
        return launch(command, changes, args).await();
    }

    private Started launch(List<String> command, Map<String, String> changes, List<String> args) {
        int n = RUNS.incrementAndGet();
        Path out = root.resolve("runs").resolve(n + ".out");
        Path err = root.resolve("runs").resolve(n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        changes.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            return new Started(builder.start(), System.nanoTime(), args, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A launcher run that was started and not yet waited for. */
    public final class Started {
        private final Process process;
        private final long started;
        private final List<String> args;
        private final Path out;
        private final Path err;

        Started(Process process, long started, List<String> args, Path out, Path err) {
            this.process = process;
            this.started = started;
            this.args = args;
            this.out = out;
            this.err = err;
        }

        /** The process id: bin/aws-vault's, and after exec's execve the child's. */
        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Sends SIGTERM to the process. */
        public void terminate() {
            process.destroy();
        }

        /** Waits for the end (killing the process after the time limit) and returns what it did. */
        public Result await() {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail("aws-vault " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS
                            + " s; stderr: " + Files.readString(err));
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                Result result = new Result(args, process.exitValue(), Files.readAllBytes(out),
                        Files.readAllBytes(err), millis, process.pid());
                results.add(result);
                timing(result);
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * A fingerprint of the config file and of everything in the keys folder (path, mode, size, SHA-256), to show
     * that a failed command changed nothing on disk.
     */
    public Map<String, String> snapshot() {
        return snapshot(config(), keys());
    }

    /** A fingerprint of the given files and folder trees (path, mode, size, SHA-256; absent paths too). */
    public static Map<String, String> snapshot(Path... paths) {
        Map<String, String> snapshot = new TreeMap<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                snapshot.put(path.toString(), "absent");
                continue;
            }
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    snapshot.put(p.toString(), Files.isDirectory(p) ? "dir " + mode
                            : "file " + mode + " " + Files.size(p) + " " + sha256(Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return snapshot;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file (creating its folder). */
    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path launcher() {
        if (!Files.isExecutable(LAUNCHER)) {
            fail("the launcher is not built: " + LAUNCHER + " is missing or not executable (build the launcher module"
                    + " first: mvn -B verify from the root)");
        }
        return LAUNCHER;
    }

    private static void timing(Result result) {
        String line = result.millis() + "\t" + result.exitCode() + "\t" + String.join(" ", result.args()) + "\n";
        try {
            Files.writeString(WORK.resolve("timings.tsv"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createShared() {
        try {
            Files.createDirectories(WORK);
            Files.deleteIfExists(WORK.resolve("timings.tsv")); // one suite run's timings only
            Path shared = Files.createTempDirectory(WORK, "run-");
            for (String dir : List.of("cache", "data", "state", "config")) {
                Files.createDirectories(shared.resolve(dir));
            }
            return shared;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven)");
        }
        return value;
    }
}
