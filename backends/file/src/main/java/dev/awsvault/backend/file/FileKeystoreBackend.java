package dev.awsvault.backend.file;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code file} backend: a folder ({@code --file-dir}, default {@code ~/.awsvault/keys/}) with one
 * passphrase-encrypted JWE file per item, readable and writable by the original aws-vault. Always available.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = FileKeystoreBackend.NAME, order = 700)
public final class FileKeystoreBackend implements KeystoreBackend {
    static final String NAME = "file";
    static final String DEFAULT_DIR = "~/.awsvault/keys/";

    /** Origin of the "m=+…" monotonic reading in the header's {@code created}, as Go's is the process start. */
    private final long startNanos;

    @Activate
    public FileKeystoreBackend() {
        this.startNanos = System.nanoTime();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        return true;
    }

    /** Cheap: resolves the folder name only; the folder is created and the passphrase asked on first use. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        String setting = context.setting(KeystoreContext.FILE_DIR).orElse(DEFAULT_DIR);
        KeysDirectory dir = KeysDirectory.of(setting, context.homeDirectory());
        return new FileKeystore(dir, context, FileKeystore.goNow(startNanos));
    }
}
