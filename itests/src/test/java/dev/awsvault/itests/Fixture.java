package dev.awsvault.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The file keyring written by the original aws-vault v7.2.0 ({@code testing/fixtures/aws-vault-7.2.0-file-keyring},
 * a copy of {@code shared/fixtures}): its config, its keys folder and what the original printed for {@code list}.
 * Tests never write to it: {@link #copyTo} gives each test its own copy, with the modes the original uses
 * (directory 0700, files 0600).
 */
public final class Fixture {

    public static final String PASSPHRASE = "fixture-passphrase";
    public static final String HOME_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String HOME_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String WORK_ACCESS_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
    public static final String WORK_SECRET_ACCESS_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    public static final String REGION = "eu-west-1";

    private Fixture() {
    }

    /** The fixture folder, from the {@code awsvault.fixture} system property the build sets. */
    public static Path dir() {
        String dir = System.getProperty("awsvault.fixture");
        if (dir == null) {
            throw new IllegalStateException("system property awsvault.fixture is not set (run through Maven)");
        }
        return Path.of(dir);
    }

    /** The original's output of {@code aws-vault list} over the fixture. */
    public static byte[] expectedList() {
        try {
            return Files.readAllBytes(dir().resolve("expected-list.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's config file ({@code AWS_CONFIG_FILE}). */
    public static byte[] config() {
        try {
            return Files.readAllBytes(dir().resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the fixture's {@code keys} folder to {@code keysDir} (created 0700, files 0600). */
    public static Path copyKeysTo(Path keysDir) {
        try {
            Files.createDirectories(keysDir);
            Files.setPosixFilePermissions(keysDir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(dir().resolve("keys"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = keysDir.resolve(file.getFileName().toString());
                    Files.copy(file, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return keysDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the fixture's config to {@code configFile} (creating its folder). */
    public static Path copyConfigTo(Path configFile) {
        try {
            Files.createDirectories(configFile.toAbsolutePath().getParent());
            Files.write(configFile, config());
            return configFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
