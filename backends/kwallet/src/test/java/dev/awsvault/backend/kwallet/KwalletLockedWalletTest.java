package dev.awsvault.backend.kwallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * A kwalletd5 where the wallet was never opened: its open() shows an unlock (here: create) dialog that nobody can
 * answer, and only replies once someone did. The backend must give up after its open timeout with a clear message
 * instead of hanging. This daemon is spoilt afterwards (every later open() queues behind the dialog), hence a class
 * of its own.
 */
class KwalletLockedWalletTest {
    private static final String NOT_OPENED = "the KWallet wallet \"aws-vault\" did not open: its unlock prompt was "
            + "not answered within 1 s";

    @RegisterExtension
    static final KwalletFixture KWALLET = KwalletFixture.withUnopenedWallet(Duration.ofSeconds(1));

    @Test
    void anUnansweredPromptFailsEveryOperationAfterTheOpenTimeout() {
        assertTrue(KWALLET.backend().isAvailable(KWALLET.peer().context()),
                "kwalletd5 runs, so the backend is available");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
                long start = System.nanoTime();
                KeystoreException e = assertThrows(KeystoreException.class, ks::keys);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(NOT_OPENED, e.getMessage());
                assertTrue(millis >= 950 && millis < 5_000, "gave up after " + millis + " ms");
                assertEquals(NOT_OPENED, assertThrows(KeystoreException.class, () -> ks.get("default"))
                        .getMessage());
                assertEquals(NOT_OPENED, assertThrows(KeystoreException.class,
                        () -> ks.set(new KeystoreItem("default", new byte[] {1}, "", "", false, false)))
                        .getMessage());
            }
        });
        // kwalletd5 still answers other calls, and the wallet stayed closed: nothing was written
        assertEquals("(false,)", KWALLET.peer().kwallet.call("isOpen", "aws-vault"));
    }
}
