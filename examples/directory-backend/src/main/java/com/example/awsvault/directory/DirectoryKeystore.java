package com.example.awsvault.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * One file per item: the file name is the key in URL-safe base64 (keys hold '/' and ':'), the content is the item's
 * data IN PLAIN TEXT. Writes go to a temporary file renamed into place, so an item is the old one or the new one.
 * Labels and descriptions are not kept.
 */
final class DirectoryKeystore implements Keystore {
    private static final String SUFFIX = ".item";

    private final Path dir;

    DirectoryKeystore(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                keys.add(new String(Base64.getUrlDecoder().decode(name.substring(0, name.length() - SUFFIX.length())),
                        StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new KeystoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return keys;
    }

    @Override
    public Optional<KeystoreItem> get(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeystoreItem(key, Files.readAllBytes(file), key, "", false, false));
        } catch (IOException e) {
            throw new KeystoreException("cannot read the item " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void set(KeystoreItem item) {
        Path temporary = null;
        try {
            createDirectory();
            temporary = Files.createTempFile(dir, ".write-", ".tmp");
            if (posix()) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(temporary, item.data());
            try {
                Files.move(temporary, file(item.key()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(item.key()), StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new KeystoreException("cannot store the item " + item.key() + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a leftover .tmp file is ignored by keys()
                }
            }
        }
    }

    @Override
    public boolean remove(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new KeystoreException("cannot remove the item " + key + ": " + e.getMessage(), e);
        }
    }

    private Path file(String key) {
        return dir.resolve(Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8))
                + SUFFIX);
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private boolean posix() {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }
}
