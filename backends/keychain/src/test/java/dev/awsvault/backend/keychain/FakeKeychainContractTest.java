package dev.awsvault.backend.keychain;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;

/** The keystore contract over the in-memory Keychain Services: the keystore's own logic, on any OS. */
class FakeKeychainContractTest extends KeystoreContract {
    private final FakeKeychainServices fake = new FakeKeychainServices();

    @Override
    protected Keystore open() {
        return new KeychainKeystore(() -> fake, "aws-vault.keychain");
    }
}
