package dev.awsvault.backend.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.backend.file.JweCodec.Failure;
import dev.awsvault.backend.file.JweCodec.JweException;
import dev.awsvault.keystore.json.ItemJson;

/**
 * An opened file keystore. Listing needs no passphrase; get and set ask for it once (lazily) and keep it for
 * the keystore's life when it is not empty, as the original. Unlike the original, a set first proves the
 * passphrase against an existing item, writes atomically and holds a cross-process lock.
 */
final class FileKeystore implements Keystore {
    static final String PASSPHRASE_ENV = "AWS_VAULT_FILE_PASSPHRASE";

    private final KeysDirectory dir;
    private final KeystoreContext context;
    private final Supplier<String> created;
    private char[] passphrase; // the cached non-empty passphrase, or null
    private boolean proven; // the cached passphrase opened an item here (or there was none to open)

    FileKeystore(KeysDirectory dir, KeystoreContext context, Supplier<String> created) {
        this.dir = dir;
        this.context = context;
        this.created = created;
    }

    /** The Go {@code time.Now().String()} the original puts in the header, with our monotonic reading. */
    static Supplier<String> goNow(long startNanos) {
        return () -> GoText.timeString(Instant.now(), ZoneId.systemDefault(), System.nanoTime() - startNanos);
    }

    @Override
    public List<String> keys() throws KeystoreException {
        List<String> keys = new ArrayList<>();
        for (String name : dir.names()) {
            keys.add(FileNames.decode(name));
        }
        return keys;
    }

    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        dir.ensureExists();
        Path file = dir.file(FileNames.encode(key));
        byte[] content;
        try {
            content = dir.read(file);
        } catch (IOException e) {
            throw KeysDirectory.failure("read " + GoText.quote(key) + " from the file keystore", e);
        }
        if (content == null) {
            return Optional.empty();
        }
        char[] pass = passphrase();
        byte[] plaintext = null;
        try {
            plaintext = JweCodec.decrypt(new String(content, StandardCharsets.ISO_8859_1), pass);
            KeystoreItem stored;
            try {
                stored = ItemJson.decode(plaintext, key); // the file name is the key
            } catch (KeystoreException e) {
                throw corrupt(key, e.getMessage(), e);
            }
            markProven(pass);
            return Optional.of(stored);
        } catch (JweException e) {
            if (e.failure == Failure.WRONG_PASSPHRASE) {
                throw new WrongPassphraseException("unable to decrypt " + GoText.quote(key)
                        + ": wrong passphrase?");
            }
            throw corrupt(key, e.getMessage(), null);
        } finally {
            Arrays.fill(pass, '\0');
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    @Override
    public void set(KeystoreItem item) throws KeystoreException {
        Path target = dir.file(FileNames.encode(item.key()));
        dir.ensureExists();
        char[] pass = passphrase();
        byte[] json = ItemJson.encode(item);
        try {
            checkPassphraseForWrite(pass, target);
            String token;
            try {
                token = JweCodec.encrypt(json, pass, created.get());
            } catch (GeneralSecurityException e) {
                throw new KeystoreException("cannot encrypt " + GoText.quote(item.key()) + ": "
                        + e.getClass().getSimpleName(), e);
            }
            byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
            dir.locked(() -> {
                dir.writeAtomically(target, bytes);
                return null;
            });
        } finally {
            Arrays.fill(pass, '\0');
            Arrays.fill(json, (byte) 0);
        }
    }

    @Override
    public boolean remove(String key) throws KeystoreException {
        Path file = dir.file(FileNames.encode(key));
        return dir.locked(() -> dir.delete(file));
    }

    @Override
    public synchronized void close() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
            passphrase = null;
        }
        proven = false;
    }

    @Override
    public String toString() {
        return "FileKeystore[" + dir.display() + "]";
    }

    /**
     * A copy of the passphrase for one operation (the caller clears it): {@code AWS_VAULT_FILE_PASSPHRASE} when
     * set, even empty; else the cached one; else asked. Only a non-empty passphrase is cached (the original asks
     * again for an empty one).
     */
    private synchronized char[] passphrase() throws KeystoreException {
        if (passphrase != null) {
            return passphrase.clone();
        }
        Map<String, String> env = context.environment();
        char[] given;
        if (env.containsKey(PASSPHRASE_ENV)) {
            String value = env.get(PASSPHRASE_ENV);
            given = value == null ? new char[0] : value.toCharArray();
        } else {
            given = context.passphrasePrompt().ask("Enter passphrase to unlock " + GoText.quote(dir.display()) + ": ");
            if (given == null) {
                throw new KeystoreException("no passphrase given for " + GoText.quote(dir.display()));
            }
        }
        if (given.length > 0) {
            passphrase = given.clone();
            proven = false;
        }
        return given;
    }

    private synchronized void markProven(char[] pass) {
        if (passphrase != null && Arrays.equals(passphrase, pass)) {
            proven = true;
        }
    }

    private synchronized boolean isProven(char[] pass) {
        return proven && passphrase != null && Arrays.equals(passphrase, pass);
    }

    /**
     * The original writes with whatever passphrase it is given, so a typo silently splits the keystore. Before
     * the first write we decrypt an existing item (the one being replaced first, then the others in name
     * order): if items exist and none opens, nothing is written. Files that are not items of this format
     * ({@code .DS_Store}, damaged ones) do not count.
     */
    private void checkPassphraseForWrite(char[] pass, Path target) throws KeystoreException {
        if (isProven(pass)) {
            return;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(target);
        for (String name : dir.names()) {
            Path file = dir.file(name);
            if (!file.equals(target)) {
                candidates.add(file);
            }
        }
        Path firstRefusal = null;
        for (Path file : candidates) {
            byte[] content;
            try {
                content = dir.read(file);
            } catch (IOException e) {
                continue; // unreadable or not a file: not evidence either way
            }
            if (content == null) {
                continue;
            }
            try {
                byte[] plaintext = JweCodec.decrypt(new String(content, StandardCharsets.ISO_8859_1), pass);
                Arrays.fill(plaintext, (byte) 0);
                markProven(pass);
                return;
            } catch (JweException e) {
                if (e.failure == Failure.WRONG_PASSPHRASE && firstRefusal == null) {
                    firstRefusal = file;
                }
            }
        }
        if (firstRefusal != null) {
            throw new WrongPassphraseException("unable to decrypt "
                    + GoText.quote(firstRefusal.toString()) + ": wrong passphrase? (nothing was written)");
        }
        markProven(pass); // no item to compare with: this passphrase starts the keystore
    }

    private static KeystoreException corrupt(String key, String reason, Throwable cause) {
        return new KeystoreException("cannot read " + GoText.quote(key) + " from the file keystore: " + reason, cause);
    }
}
