package dev.awsvault.backend.wincred;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;

/** The keystore contract over the in-memory Credential Manager (which holds blobs of 2,560 bytes at most). */
class FakeCredentialManagerContractTest extends KeystoreContract {
    private final FakeCredentialManager fake = new FakeCredentialManager();

    @Override
    protected Keystore open() {
        return new WinCredKeystore(() -> fake);
    }

    @Override
    protected boolean preservesLabels() {
        return false; // the original stores the raw payload only
    }
}
