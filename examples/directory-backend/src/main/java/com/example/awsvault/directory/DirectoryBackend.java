package com.example.awsvault.directory;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;

/**
 * UNSAFE, for demonstration and tests only: a keystore backend named {@code directory} that keeps every item as a
 * plain, unencrypted file. Selected with {@code --backend directory} (it has no default order, so it is never chosen
 * unless named). The directory is {@code $AWS_VAULT_DIRECTORY_DIR}, else {@code ~/.awsvault/directory}.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = DirectoryBackend.NAME)
public final class DirectoryBackend implements KeystoreBackend {
    static final String NAME = "directory";
    static final String DIR_VARIABLE = "AWS_VAULT_DIRECTORY_DIR";

    @Override
    public String name() {
        return NAME;
    }

    /** Plain files work everywhere. */
    @Override
    public boolean isAvailable(KeystoreContext context) {
        return true;
    }

    @Override
    public Keystore open(KeystoreContext context) {
        // The caller's environment, never System.getenv(): aws-vault may run on behalf of another process.
        String dir = context.environment().get(DIR_VARIABLE);
        Path path = dir == null || dir.isEmpty()
                ? context.homeDirectory().resolve(".awsvault").resolve("directory")
                : Paths.get(dir);
        return new DirectoryKeystore(path);
    }
}
