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

import org.junit.jupiter.api.Test;

/**
 * The launcher runs exactly the core feature's bundle list: its {@code bundles/} holds the same jars (byte for
 * byte) as the feature zip, and its {@code core.list} names them in the same order.
 */
class DistributionIT {

    @Test
    void theDistributionInstallsExactlyTheCoreFeature() throws IOException {
        Path feature = Path.of(System.getProperty("awsvault.feature.core"));
        Path distribution = Sandbox.LAUNCHER.toAbsolutePath().getParent().getParent().resolve("bundles");
        assertTrue(Files.isDirectory(distribution), "the launcher is not built: " + distribution);

        assertEquals(lines(feature.resolve("core.list")), lines(distribution.resolve("core.list")),
                "the launcher's core.list must be the feature's");
        assertEquals(jars(feature), jars(distribution), "the launcher's bundles must be the feature's jars");
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
