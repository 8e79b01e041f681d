package dev.awsvault.backend.file;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.testing.keystore.KeystoreContract;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The contract every backend passes, on a fresh keys folder per test (the passphrase from the environment). */
class FileKeystoreContractTest extends KeystoreContract {
    @TempDir
    Path tmp;

    @Override
    protected Keystore open() throws Exception {
        TestKeystoreContext context = new TestKeystoreContext(tmp.resolve("home"))
                .setting(KeystoreContext.FILE_DIR, tmp.resolve("keys").toString())
                .env(FileKeystore.PASSPHRASE_ENV, "contract-passphrase");
        return new FileKeystoreBackend().open(context);
    }
}
