package dev.awsvault.backend.wincred;

import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.sun.jna.Platform;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code wincred} backend: generic credentials {@code aws-vault:aws-vault:<key>} in the Windows Credential
 * Manager, readable and writable by the original aws-vault (items over 2,560 bytes are split into hidden parts,
 * which the original cannot read but never lists). First in the default order, as in the original. Available on
 * Windows only; advapi32 is loaded on the first keystore operation, never on other systems.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = WinCredKeystoreBackend.NAME, order = 100)
public final class WinCredKeystoreBackend implements KeystoreBackend {
    static final String NAME = "wincred";

    private final BooleanSupplier onWindows;
    private final WinCredKeystore.Loader loader;

    @Activate
    public WinCredKeystoreBackend() {
        this(Platform::isWindows, NativeCredentialManager::shared);
    }

    WinCredKeystoreBackend(BooleanSupplier onWindows, WinCredKeystore.Loader loader) {
        this.onWindows = onWindows;
        this.loader = loader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        return onWindows.getAsBoolean();
    }

    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        if (!onWindows.getAsBoolean()) {
            throw new KeystoreException("the wincred backend is only available on Windows");
        }
        return new WinCredKeystore(loader);
    }
}
