package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EmbeddedFrameworkTest {

    @Test
    void resolutionMessagesLoseTheirRepetitions() {
        String felix = "Unable to resolve test.unresolvable [6](R 6.0): missing requirement [test.unresolvable [6](R 6.0)]"
            + " osgi.wiring.package; (&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0)))"
            + " Unresolved requirements: [[test.unresolvable [6](R 6.0)] osgi.wiring.package;"
            + " (&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0)))]";
        assertEquals("missing requirement osgi.wiring.package;"
            + " (&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0)))",
            EmbeddedFramework.conciseResolution(felix));
        assertEquals("Activator start error in bundle x [5].: IllegalStateException: boom",
            EmbeddedFramework.conciseResolution("Activator start error in bundle x [5].: IllegalStateException: boom"));
    }

    @Test
    void describeIsOneLineWithTheRootCause() {
        Exception e = new RuntimeException("outer\nsecond line", new IllegalStateException("root cause"));
        assertEquals("outer second line: IllegalStateException: root cause", EmbeddedFramework.describe(e));
        assertEquals("NullPointerException", EmbeddedFramework.describe(new NullPointerException()));
    }

    @Test
    void theFrameworkConfiguration() {
        Map<String, String> config = EmbeddedFramework.configuration(Path.of("/storage"), Debug.off());
        assertEquals("/storage", config.get("org.osgi.framework.storage"));
        assertEquals("dev.awsvault.invocation;version=" + LauncherVersion.INVOCATION_VERSION
            + ",com.sun.jna;com.sun.jna.ptr;com.sun.jna.win32;version=" + LauncherVersion.JNA_VERSION
            + ",com.sun.security.auth.module",
            config.get("org.osgi.framework.system.packages.extra"));
        assertEquals("false", config.get("felix.cache.locking"));
        assertEquals("false", config.get("felix.shutdown.hook"));
        assertEquals("0", config.get("felix.log.level"));
        assertEquals("false", config.get("ds.log.enabled"));
        assertEquals(null, config.get("aws-vault.plugins.dir"), "no plugins directory: no property");
        assertEquals("/home/u/.local/share/aws-vault/plugins", EmbeddedFramework.configuration(Path.of("/storage"),
            Debug.off(), Path.of("/home/u/.local/share/aws-vault/plugins")).get("aws-vault.plugins.dir"));
    }

    @Test
    void bundleLocations() {
        Path jar = Path.of("/dist/bundles/core.jar");
        assertEquals("reference:file:///dist/bundles/core.jar", EmbeddedFramework.InstallMode.REFERENCE.location(jar));
        assertEquals("file:///dist/bundles/core.jar", EmbeddedFramework.InstallMode.COPY.location(jar));
    }
}
