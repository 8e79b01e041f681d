package dev.awsvault.backend.keychain;

import java.nio.file.Files;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * Run in a fresh JVM by {@link NativeCodeIsolationTest}: uses the real component as the core would off macOS and
 * prints whether JNA loaded its native library ({@code jna.loaded}). With {@code control} it loads JNA on purpose,
 * to show that the probe can see it.
 */
public final class NoNativeProbe {
    private NoNativeProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("control")) {
            System.out.println("pointer size " + com.sun.jna.Native.POINTER_SIZE);
        }
        KeychainKeystoreBackend backend = new KeychainKeystoreBackend();
        TestKeystoreContext context = new TestKeystoreContext(Files.createTempDirectory("probe"));
        System.out.println("available=" + backend.isAvailable(context));
        try {
            backend.open(context).keys();
        } catch (KeystoreException expected) {
            System.out.println("open: " + expected.getMessage());
        }
        System.out.println("jna.loaded=" + System.getProperty("jna.loaded"));
    }
}
