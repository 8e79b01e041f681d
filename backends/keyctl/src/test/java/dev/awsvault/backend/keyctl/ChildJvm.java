package dev.awsvault.backend.keyctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Starts {@link KeyctlChild} in a fresh JVM, optionally behind a wrapper command ({@code keyctl session -}). */
final class ChildJvm {
    private ChildJvm() {
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Runs the child with this JVM's class path behind {@code wrapper}, and returns its {@code name=value} lines. */
    static Map<String, String> run(List<String> wrapper, String... args) {
        return run(wrapper, System.getProperty("java.class.path"), List.of(), args);
    }

    static Map<String, String> run(List<String> wrapper, String classPath, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(java().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, KeyctlChild.class.getName()));
        command.addAll(List.of(args));
        TestRings.Output output = TestRings.run(command, null).ok();
        Map<String, String> values = new HashMap<>();
        for (String line : output.text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * A copy of the test class path that another user can read (the local Maven repository is private to root),
     * with a writable folder for JNA's native library. Surefire names the real class path in
     * {@code surefire.test.class.path}; {@code java.class.path} is only its manifest jar.
     */
    static String worldReadableClassPath(Path folder) {
        String source = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> copies = new ArrayList<>();
        try {
            int n = 0;
            for (String entry : source.split(java.io.File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = folder.resolve(n++ + "-" + from.getFileName());
                copy(from, to);
                copies.add(to.toString());
            }
            openUp(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(java.io.File.pathSeparator, copies);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void openUp(Path folder) throws IOException {
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxrwxrwx" : "rw-r--r--"));
            }
        }
    }
}
