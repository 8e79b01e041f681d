package dev.awsvault.backend.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * The keys folder on disk: one file per item, named by {@link FileNames}. Writes go through a private sibling
 * folder {@code <parent>/.<name>.d/} that holds the lock file and the temporary files. They cannot live in the
 * keys folder itself: the original aws-vault lists every entry there as a key (and would try to decrypt a lock
 * file as a credential). Being a sibling, it is on the same file system, so the final rename is atomic.
 */
final class KeysDirectory {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String TEMP_PREFIX = "tmp-";
    /** Item files are a few KB; anything this big is not one (and must not exhaust the heap). */
    static final long MAX_FILE_BYTES = 8L << 20;
    /** One in-process lock per lock file: FileChannel.lock is per JVM, two channels in one JVM would clash. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final String display;
    private final Path dir;

    private KeysDirectory(String display, Path dir) {
        this.display = display;
        this.dir = dir;
    }

    /**
     * {@code setting} as the user gave it; a leading {@code ~/} (or {@code ~\} where that is the separator) is
     * expanded against {@code home}, as the original's {@code ExpandTilde}. {@code ~user/} is not expanded.
     */
    static KeysDirectory of(String setting, Path home) throws KeystoreException {
        if (setting == null || setting.isEmpty()) {
            throw new KeystoreException("no directory provided for the file keystore");
        }
        String expanded = setting;
        if (setting.startsWith("~/") || setting.startsWith("~" + java.io.File.separator)) {
            expanded = home.toString() + setting.substring(1);
        }
        try {
            return new KeysDirectory(expanded, Path.of(expanded).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new KeystoreException("invalid file keystore directory " + GoText.quote(expanded) + ": "
                    + e.getReason());
        }
    }

    /** The directory as shown to the user (expanded, otherwise as given). */
    String display() {
        return display;
    }

    Path path() {
        return dir;
    }

    /** The private sibling folder for the lock and temporary files. */
    Path sideDir() throws KeystoreException {
        Path parent = dir.getParent();
        if (parent == null) {
            throw new KeystoreException("the file keystore directory " + GoText.quote(display)
                    + " has no parent folder for its lock and temporary files");
        }
        return parent.resolve("." + dir.getFileName() + ".d");
    }

    /** Creates the keys folder (mode 0700, with parents) when missing, like the original on every operation. */
    void ensureExists() throws KeystoreException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new KeystoreException(GoText.quote(display) + " is a file, not a directory");
        }
        createPrivateDir(dir, "create the file keystore directory " + GoText.quote(display));
    }

    /** The file names in the folder, sorted (every entry, as the original). */
    List<String> names() throws KeystoreException {
        ensureExists();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw failure("list " + GoText.quote(display), e);
        }
        Collections.sort(names);
        return names;
    }

    /** The file for a file name; refuses names that would leave the folder. */
    Path file(String name) throws KeystoreException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new KeystoreException("invalid key " + GoText.quote(name) + " for the file keystore");
        }
        try {
            Path file = dir.resolve(name);
            if (file.getNameCount() != dir.getNameCount() + 1 || !dir.equals(file.getParent())) {
                throw new KeystoreException("invalid key " + GoText.quote(name) + " for the file keystore");
            }
            return file;
        } catch (InvalidPathException e) {
            throw new KeystoreException("key " + GoText.quote(name) + " cannot be a file name here (" + e.getReason()
                    + "; file names are encoded as " + System.getProperty("sun.jnu.encoding", "?") + ")");
        }
    }

    /** The file's content, or null when there is no such file. */
    byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes, not a keystore item");
            }
            return content;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Something that runs under the write lock. */
    interface LockedAction<T> {
        T run() throws KeystoreException;
    }

    /**
     * Runs {@code action} holding the keystore's lock: an in-process lock, then an exclusive {@link FileLock} on
     * {@code <side dir>/lock}, so that writers in any number of processes take turns. Temporary files still
     * present when the lock is ours were left by a crashed writer and are removed.
     */
    <T> T locked(LockedAction<T> action) throws KeystoreException {
        ensureExists();
        Path side = sideDir();
        if (!Files.isDirectory(side)) {
            createPrivateDir(side, "create the lock folder " + GoText.quote(side.toString()));
        }
        Path lockFile = side.resolve("lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = openPrivate(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock(); // released by closing the channel, also on errors
            sweepTemporaryFiles(side);
            T result = action.run();
            lock.release();
            return result;
        } catch (IOException e) {
            throw failure("lock " + GoText.quote(lockFile.toString()), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Replaces {@code target} atomically (call under {@link #locked}): the content goes to a temporary file in
     * the side folder, which is flushed to disk, renamed over the target and the folder flushed. If the folder
     * is a mount point of its own (so a rename is not possible) the file is written in place, as the original.
     */
    void writeAtomically(Path target, byte[] content) throws KeystoreException {
        Path side = sideDir();
        Path temp = side.resolve(TEMP_PREFIX + HexFormat.of().formatHex(randomBytes()));
        try {
            try {
                write(temp, content, StandardOpenOption.CREATE_NEW);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                write(target, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw failure("write " + GoText.quote(target.toString()), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // removed by the next writer's sweep
            }
        }
    }

    /** Deletes a file (call under {@link #locked}); false if there was none. */
    boolean delete(Path file) throws KeystoreException {
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (deleted) {
                syncDirectory(dir);
            }
            return deleted;
        } catch (IOException e) {
            throw failure("remove " + GoText.quote(file.toString()), e);
        }
    }

    private static void write(Path file, byte[] content, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.WRITE, options);
        try (FileChannel channel = openPrivate(file, opts.toArray(new StandardOpenOption[0]))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Opens a file, creating it with mode 0600 if missing (an existing file keeps its mode). */
    private static FileChannel openPrivate(Path file, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> opts = EnumSet.of(options[0], options);
        return POSIX ? FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))) : FileChannel.open(file, opts);
    }

    private void createPrivateDir(Path path, String what) throws KeystoreException {
        try {
            if (POSIX) {
                FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
                Files.createDirectories(path, mode);
            } else {
                Files.createDirectories(path);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeystoreException("cannot " + what + ": " + GoText.quote(e.getFile()) + " is a file");
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    private static void sweepTemporaryFiles(Path side) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(side, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // harmless leftovers; retried next time
        }
    }

    /** Makes a rename or removal durable. Not possible on every platform (Windows), where it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // directories cannot be opened for sync here
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b); // a name, not a secret; CREATE_NEW guards
        return b;
    }

    /** A one-line message for an I/O failure, with the OS reason but no stack of causes in the text. */
    static KeystoreException failure(String what, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            reason = ((FileSystemException) e).getReason();
        } else if (e.getMessage() != null) {
            reason = e.getMessage();
        } else {
            reason = e.getClass().getSimpleName();
        }
        return new KeystoreException("cannot " + what + ": " + reason.replace('\n', ' ').replace('\r', ' '), e);
    }
}
