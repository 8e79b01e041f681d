package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {
    @TempDir
    Path home;

    @Test
    void readsTheBundleListInOrderSkippingCommentsAndBlanks() throws IOException {
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        Files.writeString(bundles.resolve("b.jar"), "b");
        Files.writeString(bundles.resolve("a.jar"), "a");
        Files.writeString(bundles.resolve(Distribution.CORE_LIST), "# features/core\nb.jar\n\n  a.jar  \n");
        assertEquals(List.of(bundles.resolve("b.jar"), bundles.resolve("a.jar")), new Distribution(home).bundles());
    }

    @Test
    void aMissingListOrBundleIsABrokenInstallation() throws IOException {
        LauncherException missingList = assertThrows(LauncherException.class, () -> new Distribution(home).bundles());
        assertTrue(missingList.getMessage().startsWith("broken installation: "), missingList.getMessage());
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        Files.writeString(bundles.resolve(Distribution.CORE_LIST), "gone.jar\n");
        LauncherException missingJar = assertThrows(LauncherException.class, () -> new Distribution(home).bundles());
        assertEquals("broken installation: bundle " + bundles.resolve("gone.jar") + " is missing", missingJar.getMessage());
        Files.writeString(bundles.resolve(Distribution.CORE_LIST), "# nothing\n");
        assertThrows(LauncherException.class, () -> new Distribution(home).bundles());
        Files.writeString(bundles.resolve(Distribution.CORE_LIST), "../lib/launcher.jar\n");
        assertThrows(LauncherException.class, () -> new Distribution(home).bundles());
    }

    @Test
    void theListOfTheRunningOsWinsOverTheCoreList() throws IOException {
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        Files.writeString(bundles.resolve("core.jar"), "c");
        Files.writeString(bundles.resolve("os.jar"), "o");
        Files.writeString(bundles.resolve(Distribution.CORE_LIST), "core.jar\n");
        assertEquals(List.of(bundles.resolve("core.jar")), new Distribution(home).bundles());
        String mine = Distribution.featureList(System.getProperty("os.name"));
        Files.writeString(bundles.resolve(mine), "core.jar\nos.jar\n");
        assertEquals(List.of(bundles.resolve("core.jar"), bundles.resolve("os.jar")), new Distribution(home).bundles());
    }

    @Test
    void eachOsHasItsFeatureList() {
        assertEquals("linux.list", Distribution.featureList("Linux"));
        assertEquals("macos.list", Distribution.featureList("Mac OS X"));
        assertEquals("windows.list", Distribution.featureList("Windows 11"));
        assertEquals(null, Distribution.featureList("FreeBSD"));
    }

    @Test
    void theHomeComesFromTheSystemPropertyOrTheJarLocation() {
        String saved = System.getProperty(Distribution.HOME_PROPERTY);
        try {
            System.setProperty(Distribution.HOME_PROPERTY, home.toString());
            assertEquals(home, Distribution.current().home());
            System.clearProperty(Distribution.HOME_PROPERTY);
            // in the build, the launcher's classes are in target/classes: the "home" is target
            assertTrue(Files.isDirectory(Distribution.current().home()));
        } finally {
            if (saved != null) {
                System.setProperty(Distribution.HOME_PROPERTY, saved);
            }
        }
    }
}
