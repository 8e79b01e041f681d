package dev.awsvault.backend.keyctl;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The keystore contract against this machine's real kernel keyring, in a named keyring of each test's own. */
class KeyctlKeystoreContractTest extends KeystoreContract {
    @TempDir
    Path home;

    private String ring;

    @BeforeEach
    void newRing() {
        ring = TestRings.newRingName();
    }

    @AfterEach
    void destroyRing() throws Exception {
        TestRings.destroy(ring);
    }

    @Override
    protected Keystore open() {
        return TestRings.backend(ring).open(new TestKeystoreContext(home));
    }

    /** Only the payload is stored; label and description have no place in a kernel key. */
    @Override
    protected boolean preservesLabels() {
        return false;
    }
}
