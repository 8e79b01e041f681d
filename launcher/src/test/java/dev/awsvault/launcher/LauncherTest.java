package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.invocation.Invocation;

/** Boots Felix + SCR from the launcher, in this JVM, with a throw-away DS command runner. */
class LauncherTest {
    @TempDir
    Path tmp;
    Path home;
    Path dist;
    Map<String, String> env;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        env = Map.of("HOME", home.toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString(),
            "XDG_DATA_HOME", tmp.resolve("data").toString());
        List<Path> bundles = new ArrayList<>(TestBundles.scr());
        bundles.add(TestBundles.runner(tmp.resolve("build/test-runner.jar"), "v1"));
        dist = TestBundles.distribution(tmp.resolve("dist"), bundles);
    }

    private int run(Map<String, String> environment, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        LauncherInvocation invocation = new LauncherInvocation(List.of(args), environment, tmp,
            new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), TtyTerminal.none());
        int status = new Launcher(new Distribution(dist), environment, UserIdentity.current(), Debug.off())
            .serviceTimeout(serviceTimeout).run(invocation);
        lastInvocation = invocation;
        return status;
    }

    private LauncherInvocation lastInvocation;
    private long serviceTimeout = Launcher.SERVICE_TIMEOUT_MS;

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<Path> storages() throws IOException {
        Path root = tmp.resolve("cache/aws-vault/framework");
        try (Stream<Path> entries = Files.list(root)) {
            return entries.sorted().toList();
        }
    }

    @Test
    void runsACommandThroughTheCommandRunnerService() throws IOException {
        assertEquals(0, run(env, "echo", "hello", "world"));
        assertEquals("hello world\n", out());
        assertEquals(3, run(env, "exit", "3"));
        assertEquals(tmp.toString() + "\n", run(env, "cwd") == 0 ? out() : "");
        assertEquals(1, storages().size(), "one persistent storage, reused");
    }

    @Test
    void aCommandThatThrowsStillStopsTheFramework() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(env, "fail", "boom"));
        assertEquals("boom", e.getMessage());
        assertEquals(0, run(env, "echo", "again")); // the storage is reusable: the framework was stopped
    }

    @Test
    void handOverIsRecordedNotExecuted() {
        assertEquals(Invocation.HANDED_OVER, run(env, "handover", "/bin/echo", "echo", "x"));
        assertNotNull(lastInvocation.child());
        assertEquals("/bin/echo", lastInvocation.child().executable().toString());
    }

    @Test
    void aRebuiltBundleIsNeverServedStale() throws IOException {
        assertEquals(0, run(env, "greeting"));
        assertEquals("v1\n", out());
        List<Path> before = storages();
        Path jar = dist.resolve("bundles/test-runner.jar");
        TestBundles.runner(jar, "v2-rebuilt");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertEquals(0, run(env, "greeting"));
        assertEquals("v2-rebuilt\n", out());
        List<Path> after = storages();
        assertEquals(1, after.size(), "the stale storage of this installation is removed");
        assertFalse(before.equals(after));
    }

    @Test
    void aDamagedStorageIsPopulatedAgain() throws IOException {
        assertEquals(0, run(env, "echo", "x"));
        Path storage = storages().get(0);
        try (Stream<Path> entries = Files.list(storage)) {
            Path bundleDir = entries.filter(p -> p.getFileName().toString().equals("bundle3")).findFirst().orElseThrow();
            FrameworkCache.deleteQuietly(bundleDir);
        }
        assertEquals(0, run(env, "echo", "repaired"));
        assertEquals("repaired\n", out());
    }

    @Test
    void aBundleThatCannotResolveFailsFastNamingIt() throws IOException {
        List<Path> bundles = new ArrayList<>(TestBundles.scr());
        bundles.add(TestBundles.unresolvable(tmp.resolve("build/broken.jar")));
        bundles.add(TestBundles.runner(tmp.resolve("build/test-runner.jar"), "v1"));
        dist = TestBundles.distribution(tmp.resolve("dist2"), bundles);
        long start = System.nanoTime();
        LauncherException e = assertThrows(LauncherException.class, () -> run(env, "echo", "x"));
        assertTrue(e.getMessage().startsWith("bundle test.unresolvable (broken.jar) cannot be resolved: "), e.getMessage());
        assertTrue(e.getMessage().contains("com.example.missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(System.nanoTime() - start < 4_000_000_000L, "fails fast, without waiting for the command service");
    }

    @Test
    void aBundleThatFailsToStartFailsFastNamingIt() throws IOException {
        List<Path> bundles = new ArrayList<>(TestBundles.scr());
        bundles.add(TestBundles.failing(tmp.resolve("build/failing.jar")));
        dist = TestBundles.distribution(tmp.resolve("dist3"), bundles);
        LauncherException e = assertThrows(LauncherException.class, () -> run(env, "echo", "x"));
        assertTrue(e.getMessage().startsWith("bundle test.failing (failing.jar) failed to start: "), e.getMessage());
        assertTrue(e.getMessage().contains("activator exploded"), e.getMessage());
    }

    @Test
    void withoutACommandServiceTheErrorSaysSo() throws IOException {
        dist = TestBundles.distribution(tmp.resolve("dist4"), TestBundles.scr());
        serviceTimeout = 500;
        LauncherException e = assertThrows(LauncherException.class, () -> run(env, "echo", "x"));
        assertEquals("no command service is available (is the core bundle installed?)", e.getMessage());
    }

    @Test
    void pluginsAreInstalledAndStartedLikeFeatureBundles() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("data/aws-vault/plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwx------"));
        TestBundles.plugin(plugins.resolve("plugin.jar"));
        assertEquals(0, run(env, "echo", "x"));
        assertEquals("plugin echo x\n", out());
    }

    @Test
    void anUnsafePluginsDirectoryIsRefusedBeforeAnythingStarts() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("data/aws-vault/plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        LauncherException e = assertThrows(LauncherException.class, () -> run(env, "echo", "x"));
        assertEquals("plugins directory " + plugins + " is group- or world-writable", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/aws-vault/framework")));
    }

    @Test
    void anUnusableCacheDirectoryFallsBackToAPrivateStorage() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("cache-is-a-file"), "x");
        Map<String, String> broken = Map.of("HOME", home.toString(), "XDG_CACHE_HOME", notADirectory.toString(),
            "XDG_DATA_HOME", tmp.resolve("data").toString());
        long before = privateStorages();
        assertEquals(0, run(broken, "echo", "still works"));
        assertEquals("still works\n", out());
        assertEquals(before, privateStorages(), "the private storage is deleted after the run");
    }

    private static long privateStorages() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("aws-vault-framework-")).count();
        }
    }

    @Test
    void copyModeWorksToo() throws IOException {
        System.setProperty(Launcher.INSTALL_MODE_PROPERTY, "copy");
        try {
            assertEquals(0, run(env, "echo", "copied"));
            assertEquals("copied\n", out());
        } finally {
            System.clearProperty(Launcher.INSTALL_MODE_PROPERTY);
        }
    }
}
