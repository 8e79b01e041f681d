package dev.awsvault.prompt.wincredui;

import java.util.Map;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.TestPromptContext;

/**
 * Run in a fresh JVM by {@link NativeCodeIsolationTest}: uses the registered component as the core would off Windows
 * and prints whether JNA loaded its native library ({@code jna.loaded}). With {@code control} it loads JNA on purpose,
 * to show that the probe can see it.
 */
public final class NoNativeProbe {
    private NoNativeProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("control")) {
            System.out.println("pointer size " + com.sun.jna.Native.POINTER_SIZE);
        }
        WinCredUiPromptDriver driver = new WinCredUiPromptDriver();
        TestPromptContext caller = new TestPromptContext(Map.of());
        System.out.println("available=" + driver.isAvailable(caller));
        try {
            driver.prompt(PromptRequest.mfaCode("arn:aws:iam::1:mfa/x"), caller);
        } catch (PromptException expected) {
            System.out.println("prompt: " + expected.getMessage());
        }
        System.out.println("jna.loaded=" + System.getProperty("jna.loaded"));
    }
}
