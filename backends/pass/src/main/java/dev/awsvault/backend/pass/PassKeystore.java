package dev.awsvault.backend.pass;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.keystore.json.ItemJson;

/**
 * A pass store seen through the original's layout: entry {@code <prefix>/<key>} (joined and cleaned as Go's
 * {@code filepath.Join}) holds the Item-JSON; {@code insert -m -f}, {@code show} and {@code rm -f} do the writing,
 * reading and removing; existence and listing look at the {@code .gpg} files only, so they need no gpg and no
 * passphrase.
 */
final class PassKeystore implements Keystore {
    private static final String SUFFIX = ".gpg";

    private final PassCommand pass;
    private final String storeDir;
    private final String prefix;

    PassKeystore(PassCommand pass, String storeDir, String prefix) {
        this.pass = pass;
        this.storeDir = storeDir;
        this.prefix = prefix;
    }

    /** Every {@code .gpg} file under {@code <dir>/<prefix>}, as its path relative to there without the suffix. */
    @Override
    public List<String> keys() throws KeystoreException {
        Path root = Path.of(GoPath.join(storeDir, prefix));
        if (!Files.exists(root)) {
            return List.of();
        }
        if (!Files.isDirectory(root)) {
            throw new KeystoreException("cannot list the pass store: " + quote(root.toString()) + " is not a directory");
        }
        List<String> keys = new ArrayList<>();
        try {
            // A symlinked prefix folder (or store) is followed; links below it are not, as in Go's filepath.Walk.
            Path start = root.toRealPath();
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (!attrs.isDirectory() && name.endsWith(SUFFIX) && name.length() > SUFFIX.length()) {
                        String relative = start.relativize(file).toString();
                        keys.add(relative.substring(0, relative.length() - SUFFIX.length()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new KeystoreException("cannot list the pass store " + quote(root.toString()) + ": " + reason(e));
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        String name = entryName(key);
        Path file = existenceFile(key);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PassCommand.Outcome shown = pass.run(List.of("show", name), null, true);
        byte[] content = shown.stdout();
        try {
            if (!shown.ok()) {
                if (!Files.exists(file)) {
                    return Optional.empty(); // removed while we looked
                }
                throw new KeystoreException("cannot read " + quote(key) + " from pass" + shown.why());
            }
            try {
                return Optional.of(ItemJson.decode(content, key)); // the entry name is the key
            } catch (KeystoreException e) {
                throw new KeystoreException("cannot read " + quote(key) + " from pass: the entry " + quote(name) + ": "
                        + e.getMessage() + " (written by another tool?)", e);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * {@code pass insert -m -f} with the Item-JSON on stdin. pass lets gpg truncate the old entry as soon as it
     * starts writing, and gpg deletes it when it fails half-way; so the old entry's ciphertext is kept and put back
     * whenever pass fails, and a failed set never loses the item it was replacing.
     */
    @Override
    public synchronized void set(KeystoreItem item) throws KeystoreException {
        String name = entryName(item.key());
        Path entry = Path.of(GoPath.join(storeDir, name + SUFFIX));
        byte[] previous = readCiphertext(entry);
        byte[] json = ItemJson.encode(item);
        PassCommand.Outcome inserted;
        try {
            inserted = pass.run(List.of("insert", "-m", "-f", name), json, false);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
        if (!inserted.ok()) {
            throw new KeystoreException("cannot store " + quote(item.key()) + " in pass" + inserted.why()
                    + (previous == null ? "" : restore(entry, previous)));
        }
    }

    @Override
    public synchronized boolean remove(String key) throws KeystoreException {
        String name = entryName(key);
        if (!Files.exists(existenceFile(key))) {
            return false;
        }
        PassCommand.Outcome removed = pass.run(List.of("rm", "-f", name), null, false);
        if (!removed.ok()) {
            throw new KeystoreException("cannot remove " + quote(key) + " from pass" + removed.why());
        }
        return true;
    }

    /**
     * The pass name of {@code key}, {@code filepath.Join(prefix, key)} as in the original, refused when cleaning
     * takes it out of the prefix folder (or makes it empty): pass would otherwise show, replace or remove an entry
     * that is not ours.
     */
    private String entryName(String key) throws KeystoreException {
        if (key.indexOf('\0') >= 0) {
            throw new KeystoreException("cannot use " + quote(key) + " as a pass entry name: it holds a NUL character");
        }
        String name = GoPath.join(prefix, key);
        String folder = GoPath.clean(prefix);
        boolean inside;
        if (prefix.isEmpty() || folder.equals(".")) {
            inside = !name.isEmpty() && !name.equals(".") && !name.equals("/") && !name.equals("..")
                    && !name.startsWith("../");
        } else {
            inside = name.startsWith(folder.endsWith("/") ? folder : folder + "/");
        }
        if (!inside) {
            throw new KeystoreException("cannot use " + quote(key) + " as a pass entry name: it leaves the "
                    + (prefix.isEmpty() ? "store" : "prefix folder " + quote(prefix)));
        }
        return name;
    }

    /** The original's existence test: {@code filepath.Join(dir, prefix, key + ".gpg")}. */
    private Path existenceFile(String key) {
        return Path.of(GoPath.join(storeDir, prefix, key + SUFFIX));
    }

    /** The entry's current ciphertext (no secret without the gpg key), or null when there is none. */
    private static byte[] readCiphertext(Path entry) throws KeystoreException {
        try {
            return Files.isRegularFile(entry) ? Files.readAllBytes(entry) : null;
        } catch (IOException e) {
            throw new KeystoreException("cannot read " + quote(entry.toString()) + " before replacing it: "
                    + reason(e) + " (nothing was written)");
        }
    }

    /** Puts the old ciphertext back if pass left the entry changed or gone; the note for the error message. */
    private static String restore(Path entry, byte[] previous) {
        try {
            if (Files.isRegularFile(entry) && Arrays.equals(Files.readAllBytes(entry), previous)) {
                return "; the previous item is unchanged";
            }
            Files.createDirectories(entry.getParent());
            // Not a ".gpg" name, so neither we nor the original would list it if we died right here.
            Path temporary = Files.createTempFile(entry.getParent(), "." + entry.getFileName(), ".restore",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temporary, previous);
                Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return "; the previous item was restored";
        } catch (IOException | UnsupportedOperationException e) {
            return "; the previous item could not be restored (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    }

    /** A name in double quotes with Go-style escapes, so that odd keys stay on one visible line. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
