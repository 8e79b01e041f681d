package dev.awsvault.backend.secretservice;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * The keystore contract against a real gnome-keyring on a private bus. Each test gets a collection of its own
 * (made without a prompt by the test kit), selected through the {@code secret-service-collection} setting.
 */
class SecretServiceKeystoreContractTest extends KeystoreContract {
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static KeyringFixture fixture;

    private TestKeystoreContext context;

    @BeforeAll
    static void startKeyring() {
        fixture = KeyringFixture.start(new SecretServiceKeystoreBackend());
    }

    @AfterAll
    static void stopKeyring() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void freshCollection() {
        String label = "contract" + COLLECTIONS.incrementAndGet();
        fixture.keyring.createCollection(label, KeyringFixture.PASSWORD);
        context = fixture.context(label);
    }

    @Override
    protected Keystore open() {
        return fixture.backend.open(context);
    }
}
