package dev.awsvault.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.itests.osgi.plugins.FileImpostor;
import dev.awsvault.itests.osgi.plugins.TestBundles;
import dev.awsvault.itests.osgi.plugins.ThrowingBackend;

/**
 * Plugins at run time, in one running framework: the sample third-party plugin (examples/directory-backend) is
 * installed with {@code plugins install}, its backend serves the very next command, and {@code plugins remove} takes
 * it away, while no other bundle stops or starts and the command service stays the same object. Broken plugins are
 * refused with one line each and leave the framework, the plugins directory and the sample as they were.
 */
public class PluginsIT extends AwsVaultTestSupport {
    private static final String SAMPLE = "com.example.awsvault.directory-backend";
    private static final String DIRECTORY = "(" + KeystoreBackend.NAME + "=directory)";
    /**
     * Set in the driver when it configures the framework; the tests run from the probe bundle, whose copy of this
     * class has other statics, so they read the directory back from the framework property.
     */
    private static final Path CONFIGURED_PLUGINS_DIR = newPluginsDir();
    private Path pluginsDir;

    private Path work;
    private Map<String, String> environment;
    private final List<String> otherBundleEvents = new ArrayList<>();
    private final SynchronousBundleListener listener = event -> {
        String name = event.getBundle().getSymbolicName();
        boolean lifecycle = event.getType() == BundleEvent.STOPPED || event.getType() == BundleEvent.STARTED;
        if (lifecycle && name != null && name.startsWith("dev.awsvault.") && !name.equals(SAMPLE)) {
            synchronized (otherBundleEvents) {
                otherBundleEvents.add(name + " " + (event.getType() == BundleEvent.STOPPED ? "stopped" : "started"));
            }
        }
    };

    private static Path newPluginsDir() {
        try {
            return Files.createTempDirectory("awsvault-plugins-it-").resolve("plugins"); // created by install
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(frameworkProperty("aws-vault.plugins.dir").value(CONFIGURED_PLUGINS_DIR.toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void prepare() throws IOException {
        pluginsDir = Path.of(bundleContext.getProperty("aws-vault.plugins.dir"));
        for (String name : List.of("plugins", "add", "list", "backends")) {
            assertServiceAvailable(Command.class, "(" + Command.NAME + "=" + name + ")");
        }
        assertServiceAvailable(KeystoreBackend.class, "(" + KeystoreBackend.NAME + "=file)");
        work = Files.createTempDirectory("awsvault-plugins-");
        Path home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile p]\nregion=eu-west-1\n", StandardCharsets.UTF_8);
        environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        environment.put("AWS_VAULT_FILE_DIR", home.resolve(".awsvault/keys").toString());
        environment.put("AWS_VAULT_FILE_PASSPHRASE", "plugins-it");
        environment.put("AWS_VAULT_DIRECTORY_DIR", work.resolve("directory").toString());
        bundleContext.addBundleListener(listener);
    }

    @After
    public void cleanUp() throws IOException {
        bundleContext.removeBundleListener(listener);
        for (Bundle bundle : bundleContext.getBundles()) {
            if (SAMPLE.equals(bundle.getSymbolicName())) {
                run("plugins", "remove", SAMPLE);
            }
        }
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    public void theSampleBackendJoinsAndLeavesWithNothingElseRestarted() throws Exception {
        Bundle core = bundle("dev.awsvault.core");
        long coreId = core.getBundleId();
        // Held through the test, as a front end holds it: the same runner object must serve every command.
        ServiceReference<CommandRunner> runnerReference = bundleContext.getServiceReference(CommandRunner.class);
        CommandRunner runner = bundleContext.getService(runnerReference);
        try {
            assertTrue(references(DIRECTORY).isEmpty());

            CommandResult installed = run("plugins", "install", sampleJar().toString());
            assertEquals(installed.toString(), 0, installed.status);
            assertTrue(installed.toString(), installed.outText().contains("Installed plugin " + SAMPLE + " 1.0.0"));
            assertTrue(installed.toString(), installed.outText().contains("  backend directory"));
            assertServiceAvailable(KeystoreBackend.class, DIRECTORY);
            Path copy = pluginsDir.resolve(sampleJar().getFileName());
            assertTrue("the persistent copy " + copy, Files.isRegularFile(copy));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(copy)));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(pluginsDir)));

            Map<String, String> withKeys = new HashMap<>(environment);
            withKeys.put("AWS_ACCESS_KEY_ID", "AKIAPLUGINSIT0000001");
            withKeys.put("AWS_SECRET_ACCESS_KEY", "plugins/IT+secret");
            CommandResult added = executeCommand(withKeys, work, "--backend", "directory", "add", "--env", "p");
            assertEquals(added.toString(), 0, added.status);
            CommandResult listed = run("--backend", "directory", "list", "--credentials");
            assertEquals(listed.toString(), 0, listed.status);
            assertEquals("p\n", listed.outText());
            try (Stream<Path> items = Files.list(work.resolve("directory"))) {
                assertEquals("the directory backend holds the item", 1, items.count());
            }

            CommandResult plugins = run("plugins", "list");
            assertEquals(plugins.toString(), 0, plugins.status);
            assertTrue(plugins.toString(), plugins.outText().contains(SAMPLE));
            assertTrue(plugins.toString(), plugins.outText().contains("active"));
            assertTrue(plugins.toString(), plugins.outText().contains("backend directory"));
            CommandResult backends = run("backends");
            assertTrue(backends.toString(), backends.outText().lines()
                    .anyMatch(l -> l.matches("directory\\s+yes\\s+plugin " + SAMPLE + " 1\\.0\\.0")));
            assertTrue(backends.toString(), backends.outText().lines()
                    .anyMatch(l -> l.matches("file\\s+yes\\s+built-in dev\\.awsvault\\.backend-file .*")));

            CommandResult removed = run("plugins", "remove", SAMPLE);
            assertEquals(removed.toString(), 0, removed.status);
            assertTrue("the directory backend is gone", references(DIRECTORY).isEmpty());
            assertFalse("the jar is deleted", Files.exists(copy));
            assertNull(bundleOrNull(SAMPLE));
            CommandResult gone = run("--backend", "directory", "list");
            assertEquals(gone.toString(), 1, gone.status);
            assertTrue(gone.toString(), gone.errText().startsWith("aws-vault: error: enum value must be one of "));

            assertSame("the core bundle is the same", core, bundleContext.getBundle(coreId));
            assertEquals(Bundle.ACTIVE, core.getState());
            assertEquals("no other bundle stopped or started", List.of(), otherBundleEvents);
            CommandRunner again = bundleContext.getService(runnerReference);
            try {
                assertSame("the command service is the same object", runner, again);
            } finally {
                bundleContext.ungetService(runnerReference);
            }
        } finally {
            bundleContext.ungetService(runnerReference);
        }
    }

    @Test
    public void brokenPluginsAreRefusedInOneLineAndTheSampleKeepsWorking() throws Exception {
        assertEquals(0, run("plugins", "install", sampleJar().toString()).status);
        Path bad = Files.createDirectories(work.resolve("bad"));

        Path text = Files.writeString(bad.resolve("notes.jar"), "not a zip", StandardCharsets.UTF_8);
        assertRefused("aws-vault: error: plugins: " + text + " is not a jar file", "plugins", "install", text.toString());

        Path plain = TestBundles.plainJar(bad.resolve("plain.jar"));
        assertRefused("aws-vault: error: plugins: " + plain
                + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)", "plugins", "install", plain.toString());

        Path future = TestBundles.importing(bad.resolve("future.jar"), "test.future", "[2.0,3)");
        assertRefused("aws-vault: error: plugins: plugin test.future needs dev.awsvault.api.keystore [2.0.0,3.0.0) "
                + "but this aws-vault provides 1.0.0", "plugins", "install", future.toString());

        Path throwing = TestBundles.backend(bad.resolve("throwing.jar"), "test.throwing", ThrowingBackend.class, "throwing");
        CommandResult activation = run("plugins", "install", throwing.toString());
        assertOneLine(activation);
        assertEquals(activation.toString(), "aws-vault: error: plugins: plugin test.throwing: component test.throwing "
                + "failed to activate: the throwing plugin cannot start\n", activation.errText());

        Path impostor = TestBundles.backend(bad.resolve("impostor.jar"), "test.impostor", FileImpostor.class, "file");
        assertRefused("aws-vault: error: plugins: a backend named file is already provided by bundle "
                + "dev.awsvault.backend-file", "plugins", "install", impostor.toString());

        Path again = TestBundles.backend(bad.resolve("directory2.jar"), "test.directory2", FileImpostor.class, "directory");
        assertRefused("aws-vault: error: plugins: a backend named directory is already provided by bundle " + SAMPLE,
                "plugins", "install", again.toString());

        for (String refused : List.of("test.future", "test.throwing", "test.impostor", "test.directory2")) {
            assertNull(refused + " must be uninstalled", bundleOrNull(refused));
        }
        try (Stream<Path> jars = Files.list(pluginsDir)) {
            assertEquals(List.of(sampleJar().getFileName().toString()),
                    jars.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        CommandResult listed = run("--backend", "directory", "list");
        assertEquals(listed.toString(), 0, listed.status);
        assertTrue(references(DIRECTORY).size() == 1);
    }

    /**
     * A plugin that got into the plugins directory some other way (the launcher installs every jar there at start-up)
     * and registers a backend named like a built-in one, with a probe that throws: the built-in backend still wins and
     * every command keeps working; {@code backends} shows the plugin as not used.
     */
    @Test
    public void aDuplicateBackendFromThePluginsDirectoryDoesNotBreakTheBuiltInOne() throws Exception {
        Files.createDirectories(pluginsDir);
        Path jar = TestBundles.backend(pluginsDir.resolve("impostor.jar"), "test.impostor", FileImpostor.class, "file");
        Bundle impostor;
        try (InputStream in = Files.newInputStream(jar)) {
            impostor = bundleContext.installBundle(jar.toUri().toString(), in);
        }
        try {
            impostor.start();
            assertEquals(2, references("(" + KeystoreBackend.NAME + "=file)").size());
            CommandResult added = executeCommand(withKeys(), work, "--backend", "file", "add", "--env", "p");
            assertEquals(added.toString(), 0, added.status);
            CommandResult listed = run("--backend", "file", "list", "--credentials");
            assertEquals(listed.toString(), 0, listed.status);
            assertEquals("p\n", listed.outText());
            CommandResult backends = run("backends");
            assertEquals(backends.toString(), 0, backends.status);
            assertTrue(backends.toString(), backends.outText().lines().anyMatch(l -> l.matches(
                    "file\\s+no \\(probe failed: IllegalStateException: the impostor's probe throws\\)\\s+plugin "
                            + "test\\.impostor 1\\.0\\.0 \\(not used: dev\\.awsvault\\.backend-file provides it first\\)")));
            CommandResult plugins = run("plugins", "list");
            assertTrue(plugins.toString(), plugins.outText().contains("test.impostor"));
        } finally {
            assertEquals(0, run("plugins", "remove", "impostor.jar").status);
        }
        assertNull(bundleOrNull("test.impostor"));
        assertFalse(Files.exists(jar));
    }

    private Map<String, String> withKeys() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("AWS_ACCESS_KEY_ID", "AKIAPLUGINSIT0000002");
        env.put("AWS_SECRET_ACCESS_KEY", "plugins/IT+secret2");
        return env;
    }

    private void assertRefused(String expectedError, String... arguments) {
        CommandResult result = run(arguments);
        assertOneLine(result);
        assertEquals(result.toString(), expectedError + "\n", result.errText());
    }

    private static void assertOneLine(CommandResult result) {
        assertEquals(result.toString(), 1, result.status);
        assertEquals(result.toString(), "", result.outText());
        assertEquals(result.toString(), 1, result.errText().lines().count());
        assertNotEquals(result.toString(), -1, result.errText().indexOf("aws-vault: error: "));
    }

    private CommandResult run(String... arguments) {
        return executeCommand(environment, work, arguments);
    }

    private static Path sampleJar() {
        return Path.of(System.getProperty("awsvault.sample.jar"));
    }

    private List<ServiceReference<KeystoreBackend>> references(String filter) throws InvalidSyntaxException {
        return new ArrayList<>(bundleContext.getServiceReferences(KeystoreBackend.class, filter));
    }

    private Bundle bundle(String symbolicName) {
        Bundle bundle = bundleOrNull(symbolicName);
        assertTrue(symbolicName + " is installed", bundle != null);
        return bundle;
    }

    private Bundle bundleOrNull(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
