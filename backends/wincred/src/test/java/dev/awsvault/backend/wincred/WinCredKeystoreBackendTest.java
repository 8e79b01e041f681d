package dev.awsvault.backend.wincred;

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

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.TestKeystoreContext;

class WinCredKeystoreBackendTest {
    @TempDir
    Path home;

    @Test
    void onWindowsItOpensWithoutLoadingAnything() throws Exception {
        WinCredKeystoreBackend backend = new WinCredKeystoreBackend(() -> true, () -> fail("loaded too early"));
        assertEquals("wincred", backend.name());
        assertTrue(backend.isAvailable(new TestKeystoreContext(home)));
        assertTrue(backend.open(new TestKeystoreContext(home)) instanceof WinCredKeystore);
    }

    @Test
    void elsewhereItIsUnavailableAndLoadsNothing() {
        WinCredKeystoreBackend backend = new WinCredKeystoreBackend(() -> false, () -> fail("must not load"));
        assertFalse(backend.isAvailable(new TestKeystoreContext(home)));
        assertEquals("the wincred backend is only available on Windows",
                assertThrows(KeystoreException.class, () -> backend.open(new TestKeystoreContext(home))).getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theRealComponentSaysUnavailableOffWindows() {
        WinCredKeystoreBackend backend = new WinCredKeystoreBackend();
        assertFalse(backend.isAvailable(new TestKeystoreContext(home)));
        assertThrows(KeystoreException.class, () -> backend.open(new TestKeystoreContext(home)));
    }
}
