package dev.awsvault.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The framework's persistent storage, one directory per installed bundle set:
 * {@code <root>/<key>} where the key hashes the path, size and modification time of every bundle and plugin jar.
 * A rebuilt or changed jar therefore gets a new, freshly populated directory, never a stale copy.
 * <p>
 * A directory under its key is complete by construction: it is populated under a temporary sibling name and renamed
 * into place atomically. When two first runs race, the loser deletes its copy and uses the winner's.
 */
final class FrameworkCache {
    /** Bumped whenever what the launcher writes into the storage changes meaning. */
    static final String FORMAT = "aws-vault-framework-cache-1";
    /**
     * A file in each storage directory naming the distribution and the Java version that made it (Felix ignores
     * entries not named bundle*).
     */
    static final String OWNER_FILE = "aws-vault.dist";

    private final Path root;

    FrameworkCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The key of a bundle set: a 128-bit hash (hex) of the format, the install mode, the Java feature version and
     * every jar's absolute path, size and modification time, in order. Not a security boundary (whoever can change
     * the jars needs no collision); it only has to change when any jar changes.
     * <p>
     * The Java version is part of the key because Felix rewrites bundle metadata when it finds the storage was last
     * used by another Java version; with one storage per version, normal runs write nothing but Felix's own
     * {@code bundle0/last.java.version} (same content every time).
     */
    static String key(String mode, int javaVersion, List<Path> jars) {
        StringBuilder description = new StringBuilder(FORMAT).append('\n').append(mode).append('\n')
            .append(javaVersion).append('\n');
        for (Path jar : jars) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(jar, BasicFileAttributes.class);
            } catch (IOException e) {
                throw new LauncherException("cannot read bundle " + jar + ": " + e.getMessage(), e);
            }
            description.append(jar.toAbsolutePath()).append('\0')
                .append(attributes.size()).append('\0')
                .append(attributes.lastModifiedTime().toMillis()).append('\n');
        }
        byte[] bytes = description.toString().getBytes(StandardCharsets.UTF_8);
        return hex(fnv1a(bytes, 0xcbf29ce484222325L)) + hex(fnv1a(bytes, 0x84222325cbf29ce4L));
    }

    private static long fnv1a(byte[] bytes, long basis) {
        long hash = basis;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        // final avalanche (murmur3 fmix64) so that neighbouring inputs differ in every digit
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    /** The storage directory of a key (it may not exist yet). */
    Path directory(String key) {
        return root.resolve(key);
    }

    /** A fresh, empty temporary sibling of the key's directory, for populating. */
    Path newTemporary(String key) {
        try {
            Files.createDirectories(root);
            return Files.createDirectory(root.resolve(".tmp-" + key + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        } catch (IOException e) {
            throw new LauncherException("cannot create the framework cache in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames a populated temporary directory into place. Returns the key's directory: ours, or the one another
     * process put there first (ours is then deleted).
     */
    Path publish(Path temporary, String key, Path distribution, int javaVersion) {
        Path target = directory(key);
        try {
            Files.writeString(temporary.resolve(OWNER_FILE), owner(distribution, javaVersion), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteQuietly(temporary); // lost the race: use theirs
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(temporary);
            throw new LauncherException("cannot rename within " + root + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (Files.isDirectory(target)) {
                deleteQuietly(temporary); // lost the race on a file system that reports it differently
            } else {
                deleteQuietly(temporary);
                throw new LauncherException("cannot create the framework cache " + target + ": " + e.getMessage(), e);
            }
        }
        return target;
    }

    static String owner(Path distribution, int javaVersion) {
        return distribution + "\n" + javaVersion + "\n";
    }

    /**
     * Best effort: removes the storage of other keys that this distribution made for this Java version (stale after a
     * rebuild), the storage of distributions that no longer exist, and leftovers of populating runs that died (older
     * than an hour). Storage of other, still installed distributions or other Java versions is kept: two
     * installations or JDKs used in turn must not evict each other.
     */
    void removeStale(String keepKey, Path distribution, int javaVersion) {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(keepKey)) {
                    continue;
                }
                try {
                    if (name.startsWith(".tmp-") || name.startsWith(".old-")) {
                        if (now - Files.getLastModifiedTime(entry).toMillis() > 3_600_000L) {
                            deleteQuietly(entry);
                        }
                        continue;
                    }
                    Path ownerFile = entry.resolve(OWNER_FILE);
                    String owner = Files.isRegularFile(ownerFile) ? Files.readString(ownerFile, StandardCharsets.UTF_8) : "";
                    String dist = owner.lines().findFirst().orElse("");
                    if (owner.equals(owner(distribution, javaVersion)) || dist.isEmpty() || !Files.isDirectory(Path.of(dist))) {
                        // Rename first, so that no process ever sees a half-deleted directory under a key.
                        Path doomed = root.resolve(".old-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                        Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
                        deleteQuietly(doomed);
                    }
                } catch (IOException | RuntimeException e) {
                    // best effort; another process may be doing the same
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
