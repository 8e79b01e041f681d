package dev.awsvault.backend.kwallet;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;

/** The keystore contract against a real kwalletd5 on a private bus, the wallet opened as pam_kwallet does. */
class KwalletKeystoreContractTest extends KeystoreContract {
    private static KwalletPeer peer;
    private static KwalletBackend backend;

    @BeforeAll
    static void startKwallet() {
        peer = KwalletPeer.startWithOpenWallet();
        backend = new KwalletBackend(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopKwallet() {
        if (backend != null) {
            backend.deactivate();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @BeforeEach
    void emptyFolder() {
        peer.removeFolder();
    }

    @Override
    protected Keystore open() throws Exception {
        return backend.open(peer.context());
    }
}
