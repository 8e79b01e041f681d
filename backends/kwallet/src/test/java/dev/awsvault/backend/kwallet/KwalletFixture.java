package dev.awsvault.backend.kwallet;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real kwalletd5 on a private bus and one backend for a test class (register it as a static
 * {@code @RegisterExtension} field). With the wallet opened as pam_kwallet does, the aws-vault folder is emptied before
 * each test; without, the daemon is left with an unanswerable unlock dialog for the first open().
 */
final class KwalletFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final boolean openWallet;
    private final Duration openTimeout;
    private KwalletPeer peer;
    private KwalletBackend backend;

    private KwalletFixture(boolean openWallet, Duration openTimeout) {
        this.openWallet = openWallet;
        this.openTimeout = openTimeout;
    }

    static KwalletFixture withOpenWallet() {
        return new KwalletFixture(true, Duration.ofSeconds(10));
    }

    static KwalletFixture withUnopenedWallet(Duration openTimeout) {
        return new KwalletFixture(false, openTimeout);
    }

    KwalletPeer peer() {
        return peer;
    }

    KwalletBackend backend() {
        return backend;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        peer = openWallet ? KwalletPeer.startWithOpenWallet() : KwalletPeer.startWithoutOpening();
        backend = new KwalletBackend(openTimeout);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (openWallet) {
            peer.removeFolder();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.deactivate();
        }
        if (peer != null) {
            peer.close();
        }
    }
}
