package dev.awsvault.backend.file;

import java.nio.file.Path;

import dev.awsvault.api.keystore.Keystore;

/** Run in a separate JVM by {@link ConcurrencyTest}: writes {@code count} keys {@code <prefix>-<i>}. */
public final class ChildWriter {
    private ChildWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        try (Keystore store = new FileKeystoreBackend().open(
                FakeContext.withEnvPassphrase(dir.getParent(), dir, ConcurrencyTest.PASS))) {
            for (int i = 0; i < count; i++) {
                store.set(TestSupport.item(prefix + "/" + i, "{\"writer\":\"" + prefix + "\",\"i\":" + i + "}"));
            }
        }
        System.out.println("done");
    }
}
