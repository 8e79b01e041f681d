package dev.awsvault.backend.keychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.awsvault.testing.keystore.NativeIsolation;

/** Off macOS the component must not load any native code, JNA's own library included (checked in a fresh JVM). */
@DisabledOnOs(OS.MAC)
class NativeCodeIsolationTest {

    @Test
    void theComponentLoadsNoNativeCodeOffMacOs() throws Exception {
        List<String> out = NativeIsolation.probe(KeychainKeystoreBackend.class, false);
        assertTrue(out.contains("available=false"), out.toString());
        assertTrue(out.contains("open: the keychain backend is only available on macOS"), out.toString());
        assertEquals("jna.loaded=null", out.get(out.size() - 1), out.toString());
    }

    @Test
    void theProbeSeesJnaWhenItIsLoaded() throws Exception {
        List<String> out = NativeIsolation.probe(KeychainKeystoreBackend.class, true);
        assertEquals("jna.loaded=true", out.get(out.size() - 1), out.toString());
    }
}
