package dev.awsvault.backend.pass;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.testing.keystore.KeystoreContract;
import dev.awsvault.testing.keystore.PassStore;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The keystore contract against a real pass store and gpg key; each test gets a prefix folder of its own. */
class PassKeystoreContractTest extends KeystoreContract {
    private static PassStore store;
    private static int tests;
    private String prefix;

    @BeforeAll
    static void createStore() {
        store = PassStore.create();
    }

    @AfterAll
    static void removeStore() {
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "contract-" + ++tests;
    }

    @Override
    protected Keystore open() throws Exception {
        TestKeystoreContext context = new TestKeystoreContext(store.home()).env(store.env())
                .setting(KeystoreContext.PASS_DIR, store.storeDir().toString())
                .setting(KeystoreContext.PASS_PREFIX, prefix);
        return new PassKeystoreBackend().open(context);
    }

    /** Entry names are cleaned as Go's filepath.Join does, so "//" in a key lists as "/". */
    @Override
    protected String listedKey(String key) {
        return key.replaceAll("/+", "/");
    }
}
