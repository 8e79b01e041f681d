package dev.awsvault.backend.keychain;

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
 * The {@code keychain} backend: generic passwords in the macOS keychain file {@code <--keychain>.keychain} (default
 * {@code aws-vault.keychain}, stored by macOS as {@code ~/Library/Keychains/aws-vault.keychain-db}), readable and
 * writable by the original aws-vault. Available on macOS only; Security.framework is loaded on the first keystore
 * operation, never on other systems.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = KeychainKeystoreBackend.NAME, order = 200)
public final class KeychainKeystoreBackend implements KeystoreBackend {
    static final String NAME = "keychain";
    static final String DEFAULT_KEYCHAIN = "aws-vault";

    private final BooleanSupplier onMac;
    private final KeychainKeystore.ServicesLoader loader;

    @Activate
    public KeychainKeystoreBackend() {
        this(Platform::isMac, NativeKeychainServices::shared);
    }

    KeychainKeystoreBackend(BooleanSupplier onMac, KeychainKeystore.ServicesLoader loader) {
        this.onMac = onMac;
        this.loader = loader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        return onMac.getAsBoolean();
    }

    /** Cheap: works out the keychain file name only. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        if (!onMac.getAsBoolean()) {
            throw new KeystoreException("the keychain backend is only available on macOS");
        }
        String name = context.setting(KeystoreContext.KEYCHAIN).orElse(DEFAULT_KEYCHAIN);
        return new KeychainKeystore(loader, KeychainKeystore.keychainPath(name));
    }
}
