package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import com.sun.jna.Native;

import dev.awsvault.invocation.CommandRunner;

/** The versions the launcher exports through the system bundle match the jars it ships. */
class LauncherVersionTest {

    private static String header(Class<?> type, String name) throws IOException, URISyntaxException {
        try (JarFile jar = new JarFile(Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            return jar.getManifest().getMainAttributes().getValue(name);
        }
    }

    @Test
    void invocationPackageVersion() throws Exception {
        String exports = header(CommandRunner.class, "Export-Package");
        assertTrue(exports.contains("dev.awsvault.invocation;version=\"" + LauncherVersion.INVOCATION_VERSION + "\""), exports);
    }

    @Test
    void jnaVersion() throws Exception {
        assertEquals(LauncherVersion.JNA_VERSION, header(Native.class, "Bundle-Version"));
    }
}
