package dev.awsvault.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The launcher runs exactly the features' bundle lists: its {@code bundles/} holds every list (core, linux, macos,
 * windows), the core and Linux lists are the features' own (same names, same order) with the same jars byte for byte,
 * and every jar of the distribution is named by some list (nothing stray, nothing missing).
 */
class DistributionIT {

    @Test
    void theDistributionInstallsExactlyTheFeatures() throws IOException {
        Path features = Path.of(System.getProperty("awsvault.feature.core"));
        Path distribution = Sandbox.LAUNCHER.toAbsolutePath().getParent().getParent().resolve("bundles");
        assertTrue(Files.isDirectory(distribution), "the launcher is not built: " + distribution);

        Map<String, String> shipped = jars(distribution);
        Map<String, String> built = jars(features);
        for (String list : List.of("core.list", "linux.list")) {
            List<String> names = lines(features.resolve(list));
            assertEquals(names, lines(distribution.resolve(list)), "the launcher's " + list + " must be the feature's");
            for (String jar : names) {
                assertEquals(built.get(jar), shipped.get(jar), jar + " must be the feature's jar, byte for byte");
            }
        }
        TreeSet<String> listed = new TreeSet<>();
        for (String list : List.of("core.list", "linux.list", "macos.list", "windows.list")) {
            for (String jar : lines(distribution.resolve(list))) {
                assertTrue(shipped.containsKey(jar), list + " names " + jar + ", which the distribution lacks");
                listed.add(jar);
            }
        }
        assertEquals(listed, new TreeSet<>(shipped.keySet()), "every jar of the distribution is in some list");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim).filter(l -> !l.isEmpty())
                .toList();
    }

    private static Map<String, String> jars(Path dir) throws IOException {
        Map<String, String> jars = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : stream) {
                jars.put(jar.getFileName().toString(), Sandbox.sha256(Files.readAllBytes(jar)));
            }
        }
        return jars;
    }
}
