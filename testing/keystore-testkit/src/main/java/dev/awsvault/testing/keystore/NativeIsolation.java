package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * Shows that a native-keystore backend (Keychain, WinCred) loads no native code on another OS, JNA's own library
 * included: {@link #probe} uses the real component in a fresh JVM, as the core would (probe, then open and list), and
 * returns what it printed, ending with {@code jna.loaded=<value>}. With {@code control} the child first loads JNA on
 * purpose, to show that the check can see it.
 */
public final class NativeIsolation {
    private NativeIsolation() {
    }

    /** Runs the probe in a child JVM on this JVM's class path; fails unless it exits 0 within 60 s. */
    public static List<String> probe(Class<? extends KeystoreBackend> backend, boolean control)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                NativeIsolation.class.getName(), backend.getName()));
        if (control) {
            command.add("control");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        String text = new String(output, StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the probe failed: " + text);
        }
        return text.lines().toList();
    }

    /** The child: {@code NativeIsolation <backend class> [control]}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("control")) {
            System.out.println("pointer size " + Class.forName("com.sun.jna.Native").getField("POINTER_SIZE").get(null));
        }
        KeystoreBackend backend = (KeystoreBackend) Class.forName(args[0]).getConstructor().newInstance();
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
