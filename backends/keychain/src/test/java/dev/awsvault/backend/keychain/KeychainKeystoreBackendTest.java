package dev.awsvault.backend.keychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.TestKeystoreContext;

class KeychainKeystoreBackendTest {
    @TempDir
    Path home;

    @Test
    void theKeychainSettingNamesTheFileAndDefaultsToAwsVault() throws Exception {
        KeychainKeystoreBackend backend = new KeychainKeystoreBackend(() -> true, () -> fail("loaded too early"));
        assertEquals("keychain", backend.name());
        assertTrue(backend.isAvailable(new TestKeystoreContext(home)));

        KeychainKeystore byDefault = (KeychainKeystore) backend.open(new TestKeystoreContext(home));
        assertEquals("aws-vault.keychain", byDefault.keychainPath());
        KeychainKeystore named = (KeychainKeystore) backend.open(
                new TestKeystoreContext(home).setting(KeystoreContext.KEYCHAIN, "team"));
        assertEquals("team.keychain", named.keychainPath());
    }

    @Test
    void elsewhereItIsUnavailableAndLoadsNothing() {
        KeychainKeystoreBackend backend = new KeychainKeystoreBackend(() -> false, () -> fail("must not load"));
        assertFalse(backend.isAvailable(new TestKeystoreContext(home)));
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> backend.open(new TestKeystoreContext(home)));
        assertEquals("the keychain backend is only available on macOS", e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.MAC)
    void theRealComponentSaysUnavailableOffMacOs() {
        KeychainKeystoreBackend backend = new KeychainKeystoreBackend();
        assertFalse(backend.isAvailable(new TestKeystoreContext(home)));
        assertThrows(KeystoreException.class, () -> backend.open(new TestKeystoreContext(home)));
    }
}
