package dev.awsvault.plugins;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.awsvault.api.AwsVaultException;

/**
 * The plugins directory the launcher installs every jar of at start-up (the persistent form of
 * {@code plugins install}). The launcher resolves it and passes it as the framework property {@link #PROPERTY}; it is
 * absent when no plugin may be loaded (root under sudo). A plugin's bundle location names its jar here, which is how
 * a plugin is told from a built-in bundle.
 */
final class PluginFolder {
    /** The framework property the launcher sets (launcher: EmbeddedFramework.PLUGINS_DIR_PROPERTY). */
    static final String PROPERTY = "aws-vault.plugins.dir";

    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> JAR_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    PluginFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The folder named by the framework property, if any. */
    static Optional<PluginFolder> fromProperty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new PluginFolder(Paths.get(value)));
    }

    Path path() {
        return dir;
    }

    /** The bundle location of a jar of this folder (what the launcher's "copy" install mode would use). */
    String location(String fileName) {
        return dir.resolve(fileName).toUri().toString();
    }

    /** The jar a bundle location names when it lies in this folder ({@code reference:} or not). */
    Optional<Path> jarOf(String location) {
        if (location == null) {
            return Optional.empty();
        }
        String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            URI uri = new URI(url);
            if (!"file".equals(uri.getScheme())) {
                return Optional.empty();
            }
            Path jar = Paths.get(uri).toAbsolutePath().normalize();
            return dir.equals(jar.getParent()) ? Optional.of(jar) : Optional.empty();
        } catch (Exception e) { // not a file URL: not ours
            return Optional.empty();
        }
    }

    /** The jars in the folder, sorted; empty when the folder does not exist. */
    List<Path> jars() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : entries) {
                if (Files.isRegularFile(jar)) {
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new AwsVaultException("cannot list the plugins directory " + dir + ": " + e.getMessage());
        }
        Collections.sort(jars);
        return jars;
    }

    /**
     * Creates the folder (mode 0700) when missing; refuses one the launcher would refuse (group- or world-writable,
     * or not the user's), since a jar copied there would then never be loaded.
     */
    void prepare() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                if (posix(dir.getParent())) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                    Files.setPosixFilePermissions(dir, DIRECTORY_MODE); // the umask may have taken bits away
                } else {
                    Files.createDirectory(dir);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another process: checked below like any existing folder
        } catch (IOException e) {
            throw new AwsVaultException("cannot create the plugins directory " + dir + ": " + e.getMessage());
        }
        if (!posix(dir)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new AwsVaultException("the plugins directory " + dir + " is group- or world-writable, so aws-vault "
                        + "would not load plugins from it; run chmod go-w on it");
            }
            String owner = Files.getOwner(dir).getName();
            String user = System.getProperty("user.name");
            if (user != null && !user.equals(owner)) {
                throw new AwsVaultException("the plugins directory " + dir + " belongs to " + owner + ", not to " + user);
            }
        } catch (IOException e) {
            throw new AwsVaultException("cannot check the plugins directory " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Copies {@code source} into the folder as {@code fileName}, mode 0600, atomically: the launcher of a concurrent
     * run sees either no jar or the whole jar, never part of one.
     */
    Path copyIn(Path source, String fileName) {
        prepare();
        Path target = dir.resolve(fileName);
        Path temporary = null;
        try {
            // not *.jar, so a launcher starting meanwhile ignores it
            temporary = posix(dir)
                    ? Files.createTempFile(dir, ".installing-", ".tmp", PosixFilePermissions.asFileAttribute(JAR_MODE))
                    : Files.createTempFile(dir, ".installing-", ".tmp");
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            if (posix(dir)) {
                Files.setPosixFilePermissions(temporary, JAR_MODE);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            return target;
        } catch (IOException e) {
            throw new AwsVaultException("cannot copy the plugin into " + dir + ": " + e.getMessage());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // best effort: a leftover *.tmp is never loaded
                }
            }
        }
    }

    /** Deletes a jar of the folder; a missing one is fine. */
    void delete(Path jar) {
        try {
            Files.deleteIfExists(jar);
        } catch (IOException e) {
            throw new AwsVaultException("cannot delete " + jar + ": " + e.getMessage());
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
