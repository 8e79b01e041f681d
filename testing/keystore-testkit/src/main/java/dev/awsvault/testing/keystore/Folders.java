package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a test's throwaway folder (sockets, keyrings, gpg homes), best effort. */
final class Folders {
    private Folders() {
    }

    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left behind in /tmp; nothing a test can do about it
        }
    }
}
