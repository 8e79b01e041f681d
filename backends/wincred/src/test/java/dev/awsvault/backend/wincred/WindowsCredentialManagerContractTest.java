package dev.awsvault.backend.wincred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.KeystoreContract;

/**
 * The contract against the real Credential Manager. Each test uses its own service name
 * ({@code aws-vault:awsvault-test-<random>:…}), so the user's aws-vault items are never listed or touched, and
 * removes whatever it left afterwards.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsCredentialManagerContractTest extends KeystoreContract {
    private String service;

    @BeforeEach
    void chooseService() {
        service = "awsvault-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        CredentialManager manager = NativeCredentialManager.shared();
        for (String prefix : List.of("aws-vault:" + service + ":", "aws-vault:" + service + "-part:")) {
            try {
                for (Credential credential : manager.enumerate(prefix + "*")) {
                    manager.delete(credential.targetName());
                }
            } catch (Win32Error e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected Keystore open() {
        return new WinCredKeystore(NativeCredentialManager::shared, service, Clock.systemUTC(), new SecureRandom());
    }

    @Override
    protected boolean preservesLabels() {
        return false;
    }

    @Test
    void theRealBlobLimitIsWhatTheSplittingAssumes() throws Exception {
        CredentialManager manager = NativeCredentialManager.shared();
        String target = "aws-vault:" + service + ":limit";
        manager.write(new Credential(target, new byte[WinCredKeystore.MAX_BLOB]));
        Win32Error tooBig = org.junit.jupiter.api.Assertions.assertThrows(Win32Error.class,
                () -> manager.write(new Credential(target, new byte[WinCredKeystore.MAX_BLOB + 1])));
        assertTrue(tooBig.code() != 0);
    }

    @Test
    void aBigItemIsAHeadAndHiddenParts() throws Exception {
        byte[] big = new byte[9000];
        new Random(1).nextBytes(big);
        try (Keystore ks = open()) {
            ks.set(new KeystoreItem("sso", big, "", "", false, false));
            assertEquals(List.of("sso"), ks.keys());
            assertArrayEquals(big, ks.get("sso").orElseThrow().data());
        }
        CredentialManager manager = NativeCredentialManager.shared();
        assertEquals(3, manager.enumerate("aws-vault:" + service + "-part:*").size());
        Credential head = manager.read("aws-vault:" + service + ":sso");
        assertEquals(WinCredKeystore.MAX_BLOB, head.blob().length);
        assertEquals(4, PartsHeader.of(head).parts());
    }
}
