package com.example.awsvault.directory;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;

/** The directory backend passes aws-vault's keystore contract (what every backend must do). */
class DirectoryKeystoreTest extends KeystoreContract {
    @TempDir
    Path dir;

    @Override
    protected Keystore open() {
        return new DirectoryKeystore(dir.resolve("items"));
    }

    @Override
    protected boolean preservesLabels() {
        return false; // only the data is stored
    }
}
