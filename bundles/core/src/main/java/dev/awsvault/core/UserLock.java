package dev.awsvault.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceLock;

/**
 * A lock shared by every process of the user (a file lock) and every thread of this one, by name: in
 * {@code $XDG_RUNTIME_DIR/aws-vault/locks}, else {@code ~/.awsvault/locks} (mode 0700), one file per name (hashed).
 */
final class UserLock implements SourceLock {
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private UserLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock is held. Without a usable lock directory only this process is serialised. */
    static UserLock take(VaultContext context, String name) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(name, k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = open(context, name);
            return new UserLock(local, channel, channel == null ? null : channel.lock());
        } catch (IOException e) {
            closeQuietly(channel);
            local.unlock();
            throw new CredentialSourceException("cannot take the lock for " + name + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }

    private static FileChannel open(VaultContext context, String name) {
        String runtime = context.environment().get("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isEmpty() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime, "aws-vault", "locks")
                : context.homeDirectory().resolve(".awsvault").resolve("locks");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's default ACL applies
                }
            }
            return FileChannel.open(dir.resolve(sha256(name) + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
