package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the assembled {@code bin/aws-vault} and {@code lib/} of target/aws-vault, run as a process over a
 * distribution whose bundles are SCR and the throw-away test runner. Covers what only a real process shows: the
 * execve hand-over (same pid, no leaked descriptors, clear signal mask, the child's status), the one-line errors, the
 * plugins-directory refusal, symlinked invocation, concurrent first runs, the storage left untouched by normal runs
 * and the class-data archive training.
 */
class LauncherDistributionIT {
    static Path dist;

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    Map<String, String> env;

    @BeforeAll
    static void assemble() throws IOException {
        Path built = Paths.get(System.getProperty("launcher.dist", "target/aws-vault"));
        dist = shared.resolve("dist");
        Files.createDirectories(dist.resolve("bin"));
        Files.copy(built.resolve("bin/aws-vault"), dist.resolve("bin/aws-vault"), StandardCopyOption.COPY_ATTRIBUTES);
        copyTree(built.resolve("lib"), dist.resolve("lib"));
        List<Path> bundles = new ArrayList<>(TestBundles.scr());
        bundles.add(TestBundles.runner(shared.resolve("build/test-runner.jar"), "v1"));
        TestBundles.distribution(dist, bundles);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @BeforeEach
    void environment() throws IOException {
        env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        env.put("AWS_VAULT_JAVA_HOME", System.getProperty("java.home"));
        env.put("AWS_VAULT_NO_CDS", "1");
    }

    record Result(int status, String out, String err, long pid) {
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(dist.resolve("bin/aws-vault"), args);
    }

    Result run(Path script, String... args) throws IOException, InterruptedException {
        return finish(start(script, args));
    }

    Process start(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
            .redirectInput(new File("/dev/null"))
            .redirectOutput(Files.createTempFile(tmp, "out", ".txt").toFile())
            .redirectError(Files.createTempFile(tmp, "err", ".txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        outputs.put(process.pid(), new File[] {builder.redirectOutput().file(), builder.redirectError().file()});
        return process;
    }

    private final Map<Long, File[]> outputs = new HashMap<>();

    Result finish(Process process) throws IOException, InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws-vault did not finish");
        }
        File[] files = outputs.get(process.pid());
        return new Result(process.exitValue(), Files.readString(files[0].toPath()), Files.readString(files[1].toPath()), process.pid());
    }

    @Test
    void runsOneCommandAndExitsWithItsStatus() throws Exception {
        Result echo = run("echo", "hello", "world");
        assertEquals(new Result(0, "hello world\n", "", echo.pid()), echo);
        assertEquals(7, run("exit", "7").status());
    }

    @Test
    void anEscapingErrorIsOneLineWithoutStackTrace() throws Exception {
        Result result = run("fail", "boom");
        assertEquals(1, result.status());
        assertEquals("", result.out());
        assertEquals("aws-vault: error: boom\n", result.err());
    }

    @Test
    void debugLogsGoToStandardError() throws Exception {
        Result result = run("--debug", "echo", "x");
        assertEquals("x\n", result.out());
        assertTrue(result.err().contains("aws-vault: launcher: "), result.err());
        Result failing = run("--debug", "fail", "boom");
        assertTrue(failing.err().contains("aws-vault: error: boom\n"), failing.err());
        assertTrue(failing.err().contains("at dev.awsvault.launcher"), "a stack trace with --debug: " + failing.err());
    }

    @Test
    void execReplacesTheProcessAndLeaksNoDescriptors() throws Exception {
        assumeTrue(Files.isDirectory(Paths.get("/proc/self/fd")), "Linux /proc");
        // The child is sh itself (same pid as the launcher); ls, its child, lists the shell's descriptors.
        Result result = run("handover", "/bin/sh", "sh", "-c", "echo pid=$$; ls /proc/$$/fd");
        assertEquals(0, result.status(), result.err());
        assertEquals("", result.err());
        assertEquals("pid=" + result.pid() + "\n0\n1\n2\n", result.out(), "replaced in place, only fds 0, 1 and 2 remain");
        // JNA loaded its library from lib/native: nothing extracted into its cache (~/.cache/JNA) or temp dir
        assertFalse(Files.exists(tmp.resolve("cache/JNA")), "JNA extracted its native library");
    }

    @Test
    void theChildStartsWithAClearSignalMask() throws Exception {
        assumeTrue(Files.isRegularFile(Paths.get("/proc/self/status")), "Linux /proc");
        Result result = run("handover", "/bin/grep", "grep", "^SigBlk", "/proc/self/status");
        assertEquals("SigBlk:\t0000000000000000\n", result.out(), result.err());
    }

    @Test
    void theChildGetsItsEnvironmentDirectoryAndStatus() throws Exception {
        env.put("MARKER", "from-the-caller");
        Result result = run("handover", "/bin/sh", "sh", "-c", "echo \"$MARKER\"; pwd -P; exit 5");
        assertEquals(5, result.status());
        assertEquals("from-the-caller\n" + tmp.toRealPath() + "\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void aFailedExecIsOneLine() throws Exception {
        Result result = run("handover", "/nonexistent/program", "program");
        assertEquals(1, result.status());
        assertEquals("aws-vault: error: exec: No such file or directory\n", result.err());
    }

    @Test
    void aWritablePluginsDirectoryIsRefused() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        env.put("AWS_VAULT_PLUGINS_DIR", plugins.toString());
        Result result = run("echo", "x");
        assertEquals(new Result(1, "", "aws-vault: error: plugins directory " + plugins + " is group- or world-writable\n", result.pid()), result);
    }

    @Test
    void aPluginsDirectoryOfAnotherUserIsRefused() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.setAttribute(plugins, "unix:uid", 65534); // needs root (as in CI); skipped otherwise
        } catch (IOException e) {
            assumeTrue(false, "cannot change the owner: " + e);
        }
        env.put("AWS_VAULT_PLUGINS_DIR", plugins.toString());
        Result result = run("echo", "x");
        assertEquals(new Result(1, "", "aws-vault: error: plugins directory " + plugins + " is not owned by the current user\n", result.pid()), result);
    }

    @Test
    void aPluginIsInstalled() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("data/aws-vault/plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwx------"));
        TestBundles.plugin(plugins.resolve("plugin.jar"));
        assertEquals("plugin echo x\n", run("echo", "x").out());
    }

    @Test
    void worksThroughSymlinks() throws Exception {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path first = links.resolve("aws-vault");
        Files.createSymbolicLink(links.resolve("real"), dist.resolve("bin/aws-vault"));
        Files.createSymbolicLink(first, Paths.get("real")); // relative link to an absolute link
        Result result = run(first, "echo", "linked");
        assertEquals(new Result(0, "linked\n", "", result.pid()), result);
    }

    @Test
    void concurrentFirstRunsAreSafe() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(start(dist.resolve("bin/aws-vault"), "echo", "run" + i));
        }
        for (int i = 0; i < processes.size(); i++) {
            Result result = finish(processes.get(i));
            assertEquals(new Result(0, "run" + i + "\n", "", result.pid()), result);
        }
        try (Stream<Path> entries = Files.list(tmp.resolve("cache/aws-vault/framework"))) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), "one storage, no temporary leftovers: " + names);
        }
    }

    @Test
    void normalRunsDoNotWriteIntoTheStorage() throws Exception {
        assertEquals(0, run("echo", "populate").status());
        Path root = tmp.resolve("cache/aws-vault/framework");
        Map<String, String> before = snapshot(root);
        assertEquals(0, run("echo", "again").status());
        assertEquals(0, run("handover", "/bin/true", "true").status());
        assertEquals(1, run("fail", "x").status());
        assertEquals(before, snapshot(root));
    }

    /** Every file and directory under root: size, modification time and content hash (Felix's java-version stamp,
     * rewritten with the same content by every start, counts by content only). */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> state = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString();
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    state.put(name + "/", "dir");
                    continue;
                }
                String hash = HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
                boolean stamp = name.endsWith("bundle0/last.java.version");
                state.put(name, Files.size(file) + " " + hash + (stamp ? "" : " " + Files.getLastModifiedTime(file).toMillis()));
            }
        }
        return state;
    }

    @Test
    void aTrainingRunWritesTheArchiveAndArchivedRunsPrintNothingExtra() throws Exception {
        trainAndRunArchived();
    }

    /** The same on the newest JDK (an AOT cache on JDK 25+), when it is not the one running the tests. */
    @Test
    void theNewestJdkTrainsItsOwnArchive() throws Exception {
        Path newest = newestJdk();
        assumeTrue(newest != null && !newest.toRealPath().equals(Paths.get(System.getProperty("java.home")).toRealPath()),
            "no other JDK than the test JVM's");
        env.put("AWS_VAULT_JAVA_HOME", newest.toString());
        Path archive = trainAndRunArchived();
        if (majorVersion(newest) >= 25) {
            assertTrue(archive.toString().endsWith(".aot"), archive.toString());
        }
    }

    Path trainAndRunArchived() throws Exception {
        env.remove("AWS_VAULT_NO_CDS");
        Path installation = tmp.resolve("cache/aws-vault/cds").resolve(dist.toRealPath().toString().replaceAll("[^A-Za-z0-9.+-]", "_"));
        Path olderBuild = Files.createDirectories(installation.resolve("0.9-older-build"));
        Files.writeString(olderBuild.resolve("some-jdk.jsa"), "stale");
        Result first = run("echo", "first");
        assertEquals(new Result(0, "first\n", "", first.pid()), first);
        Path cds = tmp.resolve("cache/aws-vault/cds");
        Path archive = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); archive == null && System.nanoTime() < deadline; ) {
            archive = findArchive(cds);
            if (archive == null) {
                Thread.sleep(250);
            }
        }
        assertTrue(archive != null, "no archive written; logs: " + logs(cds));
        assertTrue(archive.startsWith(installation), archive.toString());
        for (int i = 0; i < 40 && Files.exists(olderBuild); i++) {
            Thread.sleep(250); // the training run removes it just before it exits
        }
        assertFalse(Files.exists(olderBuild), "the archives of older builds are removed");
        for (int i = 0; i < 2; i++) {
            Result archived = run("echo", "archived");
            assertEquals(new Result(0, "archived\n", "", archived.pid()), archived);
        }
        try (Stream<Path> files = Files.walk(cds)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".lock")), "the lock is released");
        }
        return archive;
    }

    static Path findArchive(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(cds)) {
            return files.filter(p -> !p.toString().contains("older-build"))
                .filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).findFirst().orElse(null);
        }
    }

    static String logs(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return "(no cds directory)";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(cds)) {
            for (Path log : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
                text.append(log).append(":\n").append(Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    @Test
    void withoutAnOverrideTheNewestJdkIsChosenQuietly() throws Exception {
        env.remove("AWS_VAULT_JAVA_HOME");
        Path newest = newestJdk();
        assumeTrue(newest != null, "no JDK 17+ in /usr/lib/jvm");
        Result result = run("java");
        assertEquals(new Result(0, majorVersion(newest) + "\n", "", result.pid()), result, "no JVM warnings either");
    }

    /** The newest JDK 17+ in /usr/lib/jvm, by its release file, or null. */
    static Path newestJdk() throws IOException {
        Path best = null;
        int bestMajor = 0;
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
                int major = majorVersion(home);
                if (major >= 17 && major > bestMajor && Files.isExecutable(home.resolve("bin/java"))) {
                    best = home;
                    bestMajor = major;
                }
            }
        }
        return best;
    }

    static int majorVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (Files.isRegularFile(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring("JAVA_VERSION=\"".length()).split("[^0-9]")[0]);
                }
            }
        }
        return 0;
    }

    @Test
    void terminalFlagsFollowTheStandardStreams() throws Exception {
        Result piped = run("tty");
        assertTrue(piped.out().startsWith("in=false out=false "), piped.out());
        Path script = Paths.get("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux script, for a pseudo-terminal");
        Path log = tmp.resolve("typescript");
        Result onTty = finish(startRaw(List.of(script.toString(), "-qec", dist.resolve("bin/aws-vault") + " tty", log.toString())));
        assertTrue(onTty.out().contains("in=true out=true present=true"), onTty.out() + onTty.err());
    }

    Process startRaw(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
            .redirectInput(new File("/dev/null"))
            .redirectOutput(Files.createTempFile(tmp, "out", ".txt").toFile())
            .redirectError(Files.createTempFile(tmp, "err", ".txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        outputs.put(process.pid(), new File[] {builder.redirectOutput().file(), builder.redirectError().file()});
        return process;
    }

    @Test
    void anUnresolvableBundleIsOneLineNamingIt() throws Exception {
        Path other = shared.resolve("dist-broken");
        Files.createDirectories(other.resolve("bin"));
        Files.copy(dist.resolve("bin/aws-vault"), other.resolve("bin/aws-vault"), StandardCopyOption.COPY_ATTRIBUTES);
        if (!Files.exists(other.resolve("lib"))) {
            copyTree(dist.resolve("lib"), other.resolve("lib"));
        }
        List<Path> bundles = new ArrayList<>(TestBundles.scr());
        bundles.add(TestBundles.unresolvable(shared.resolve("build/broken.jar")));
        bundles.add(shared.resolve("build/test-runner.jar"));
        TestBundles.distribution(other, bundles);
        Result result = run(other.resolve("bin/aws-vault"), "echo", "x");
        assertEquals(1, result.status());
        assertTrue(result.err().startsWith("aws-vault: error: bundle test.unresolvable (broken.jar) cannot be resolved: "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }
}
