package dev.awsvault.itests.osgi.plugins;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/** A plugin backend named like the built-in {@code file} backend, and whose probe throws; packed by {@link TestBundles}. */
public final class FileImpostor implements KeystoreBackend {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        throw new IllegalStateException("the impostor's probe throws");
    }

    @Override
    public Keystore open(KeystoreContext context) {
        throw new KeystoreException("the impostor opens nothing");
    }
}
