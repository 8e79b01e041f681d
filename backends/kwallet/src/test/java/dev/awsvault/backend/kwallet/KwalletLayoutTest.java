package dev.awsvault.backend.kwallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.Run;

/**
 * The original's layout, checked from outside the JVM with kwalletd5's own D-Bus interface (gdbus) and
 * kwallet-query: wallet {@code aws-vault}, folder {@code aws-vault}, app id {@code aws-vault}, one stream entry per
 * item holding Go's Item-JSON bytes. Also what a running daemon means for availability, and entries we did not
 * write.
 */
class KwalletLayoutTest {
    private static final String CREDENTIALS = "{\"AccessKeyID\":\"AKIAEXAMPLE0000001\",\"SecretAccessKey\":"
            + "\"secret/with+chars=\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,"
            + "\"Expires\":\"0001-01-01T00:00:00Z\"}";

    @RegisterExtension
    static final KwalletFixture KWALLET = KwalletFixture.withOpenWallet();

    @Test
    void anItemIsAStreamEntryHoldingGoItemJson() throws Exception {
        byte[] payload = CREDENTIALS.getBytes(StandardCharsets.UTF_8);
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            ks.set(new KeystoreItem("work", payload, "aws-vault (work)", "", true, false));
        }
        String expected = "{\"Key\":\"work\",\"Data\":\"" + Base64.getEncoder().encodeToString(payload)
                + "\",\"Label\":\"aws-vault (work)\",\"Description\":\"\",\"KeychainNotTrustApplication\":true,"
                + "\"KeychainNotSynchronizable\":false}";
        assertEquals(expected, new String(KWALLET.peer().readEntry("work"), StandardCharsets.UTF_8));
        assertTrue(KWALLET.peer().folders().contains("aws-vault"), "folder aws-vault in " + KWALLET.peer().folders());
        assertEquals(List.of("work"), KWALLET.peer().entries());
        assertEquals(KwalletPeer.STREAM, KWALLET.peer().entryType("work"));
    }

    @Test
    void kwalletQueryListsTheKeysOfWalletAwsVaultFolderAwsVault() throws Exception {
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            ks.set(new KeystoreItem("default", new byte[] {1}, "", "", false, false));
            ks.set(new KeystoreItem("work/admin", new byte[] {2}, "", "", false, false));
        }
        Run.Result listed = KWALLET.peer().kwallet.query("-l", "-f", "aws-vault", "aws-vault");
        assertEquals(0, listed.exitCode(), listed.stdout());
        assertEquals(Set.of("default", "work/admin"), Set.of(listed.stdout().strip().split("\n")));
    }

    @Test
    void anEntryWrittenAsTheOriginalDoesIsRead() throws Exception {
        // Go's json.Marshal of the item aws-vault stores for `aws-vault add work` (HTML-safe escapes in the label)
        String goJson = "{\"Key\":\"work\",\"Data\":\"" + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(
                StandardCharsets.UTF_8)) + "\",\"Label\":\"aws-vault (work) \\u003c\\u0026\\u003e\",\"Description\":"
                + "\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}";
        KWALLET.peer().writeEntry("work", goJson.getBytes(StandardCharsets.UTF_8));
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            assertEquals(List.of("work"), ks.keys());
            KeystoreItem item = ks.get("work").orElseThrow();
            assertEquals(CREDENTIALS, new String(item.data(), StandardCharsets.UTF_8));
            assertEquals("aws-vault (work) <&>", item.label());
            assertTrue(item.keychainNotTrustApplication());
            assertTrue(ks.remove("work"));
        }
        assertEquals(List.of(), KWALLET.peer().entries());
    }

    @Test
    void aForeignEntryFailsOnlyItsOwnGetNamingTheKey() throws Exception {
        KWALLET.peer().writePassword("from-another-app", "not json");
        KWALLET.peer().writeEntry("garbage", "{\"Key\":".getBytes(StandardCharsets.UTF_8));
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            ks.set(new KeystoreItem("default", new byte[] {7}, "", "", false, false));
            assertEquals(Set.of("from-another-app", "garbage", "default"), Set.copyOf(ks.keys()));
            KeystoreException password = assertThrows(KeystoreException.class, () -> ks.get("from-another-app"));
            assertEquals("the KWallet entry \"from-another-app\" in folder \"aws-vault\" of wallet \"aws-vault\": "
                    + "not an aws-vault item: it is not valid JSON", password.getMessage());
            KeystoreException truncated = assertThrows(KeystoreException.class, () -> ks.get("garbage"));
            assertEquals("the KWallet entry \"garbage\" in folder \"aws-vault\" of wallet \"aws-vault\": not an "
                    + "aws-vault item: it is not valid JSON (it ends too early)", truncated.getMessage());
            assertFalse(truncated.getMessage().contains("{"), truncated.getMessage());
            assertArrayEquals(new byte[] {7}, ks.get("default").orElseThrow().data());
            assertTrue(ks.remove("from-another-app"));
        }
    }

    @Test
    void aWriteIsOnDiskAtOnceAndTheWalletIsReopenedAfterADaemonRestart() throws Exception {
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            ks.set(new KeystoreItem("default", CREDENTIALS.getBytes(StandardCharsets.UTF_8), "", "", true, false));
            // sync() has no reply; a call that has one makes sure kwalletd5 handled it before the restart
            assertEquals(List.of("default"), ks.keys());
        }
        KWALLET.peer().restartDaemon();
        // Same backend, same connection: its old handle is gone with the old daemon, so it opens the wallet again
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            assertEquals(CREDENTIALS, new String(ks.get("default").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anEntryWithNoBytesIsAbsentAsInTheOriginal() throws Exception {
        KWALLET.peer().writeEntry("empty", new byte[0]);
        try (Keystore ks = KWALLET.backend().open(KWALLET.peer().context())) {
            assertEquals(Optional.empty(), ks.get("empty"));
            assertEquals(List.of("empty"), ks.keys());
        }
    }

    @Test
    void availableWithTheDaemonRunningUnlessDisabled() {
        assertTrue(KWALLET.backend().isAvailable(KWALLET.peer().context()));
        assertTrue(KWALLET.backend().isAvailable(KWALLET.peer().context().env("DISABLE_KWALLET", "0")));
        assertFalse(KWALLET.backend().isAvailable(KWALLET.peer().context().env("DISABLE_KWALLET", "1")));
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> KWALLET.backend().open(KWALLET.peer().context().env("DISABLE_KWALLET", "1")));
        assertEquals("the kwallet backend is disabled (DISABLE_KWALLET=1)", e.getMessage());
    }

    @Test
    void oneConnectionPerBusForTheComponentsLifetime() throws Exception {
        KwalletBackend fresh = new KwalletBackend(Duration.ofSeconds(10));
        long before = KWALLET.peer().connections();
        try {
            for (int i = 0; i < 3; i++) {
                assertTrue(fresh.isAvailable(KWALLET.peer().context()));
                try (Keystore ks = fresh.open(KWALLET.peer().context())) {
                    ks.keys();
                }
            }
            assertEquals(before + 1, KWALLET.peer().connections());
        } finally {
            fresh.deactivate();
        }
        assertEquals(before, KWALLET.peer().connections());
    }
}
