package dev.awsvault.itests.osgi.plugins;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;

/** A plugin backend whose activation throws; packed into a test bundle by {@link TestBundles}. */
public final class ThrowingBackend implements KeystoreBackend {
    public ThrowingBackend() {
        throw new IllegalStateException("the throwing plugin cannot start");
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        return true;
    }

    @Override
    public Keystore open(KeystoreContext context) {
        throw new UnsupportedOperationException();
    }
}
