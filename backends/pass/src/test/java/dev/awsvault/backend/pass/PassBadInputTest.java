package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.PassStore;
import dev.awsvault.testing.keystore.Run;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** What goes wrong with a real pass and gpg, and how it is reported: one line, the key named, no secret shown. */
class PassBadInputTest {
    private static final String SECRET = "bad-input-s3cr3t-value";
    private static PassStore store;
    private static Path strangerGnupgHome;

    @BeforeAll
    static void createStore() throws Exception {
        store = PassStore.create();
        strangerGnupgHome = Files.createDirectories(store.home().resolve("stranger-gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterAll
    static void removeStore() {
        if (store != null) {
            Map<String, String> env = store.env();
            env.put("GNUPGHOME", strangerGnupgHome.toString());
            Run.run(List.of("gpgconf", "--kill", "gpg-agent"), env, null);
            store.close();
        }
    }

    private static TestKeystoreContext context(String prefix) {
        return new TestKeystoreContext(store.home()).env(store.env())
                .setting(KeystoreContext.PASS_DIR, store.storeDir().toString())
                .setting(KeystoreContext.PASS_PREFIX, prefix);
    }

    private static Keystore open(TestKeystoreContext context) throws KeystoreException {
        return new PassKeystoreBackend().open(context);
    }

    private static KeystoreItem item(String key, String data) {
        return new KeystoreItem(key, data.getBytes(StandardCharsets.UTF_8), "aws-vault (" + key + ")", "", true, false);
    }

    private static void assertOneLineWithoutSecrets(String message, String... secrets) {
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        for (String secret : secrets) {
            assertFalse(message.contains(secret), message);
        }
    }

    @Test
    void withoutTheSecretKeyGetFailsOnOneLine() throws Exception {
        try (Keystore ks = open(context("no-key"))) {
            ks.set(item("default", SECRET));
        }
        try (Keystore ks = open(context("no-key").env("GNUPGHOME", strangerGnupgHome.toString()))) {
            assertEquals(List.of("default"), ks.keys(), "listing needs no key");
            KeystoreException e = assertThrows(KeystoreException.class, () -> ks.get("default"));
            assertEquals("cannot read \"default\" from pass (exit 2): gpg: decryption failed: No secret key",
                    e.getMessage());
            assertOneLineWithoutSecrets(e.getMessage(), SECRET);
        }
    }

    @Test
    void withoutThePublicKeySetFailsAndKeepsTheOldItem() throws Exception {
        try (Keystore ks = open(context("no-pubkey"))) {
            ks.set(item("default", "the old one"));
        }
        try (Keystore ks = open(context("no-pubkey").env("GNUPGHOME", strangerGnupgHome.toString()))) {
            KeystoreException e = assertThrows(KeystoreException.class, () -> ks.set(item("default", SECRET)));
            assertEquals("cannot store \"default\" in pass (exit 1): gpg: " + store.fingerprint()
                    + ": skipped: No public key; the previous item is unchanged", e.getMessage());
            assertOneLineWithoutSecrets(e.getMessage(), SECRET);
        }
        try (Keystore ks = open(context("no-pubkey"))) {
            assertEquals("the old one", new String(ks.get("default").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUninitialisedStoreSaysToRunPassInit() throws Exception {
        Path empty = Files.createTempDirectory(store.home(), "uninitialised");
        TestKeystoreContext context = context("").setting(KeystoreContext.PASS_DIR, empty.toString());
        try (Keystore ks = open(context)) {
            assertEquals(List.of(), ks.keys());
            assertEquals(Optional.empty(), ks.get("default"));
            KeystoreException e = assertThrows(KeystoreException.class, () -> ks.set(item("default", SECRET)));
            assertEquals("cannot store \"default\" in pass (exit 1): Error: You must run: pass init your-gpg-id "
                    + "before you may use the password store.", e.getMessage());
            assertOneLineWithoutSecrets(e.getMessage(), SECRET);
            assertEquals(List.of(), ks.keys());
        }
    }

    @Test
    void aMissingPassProgramMakesTheBackendUnavailable() throws Exception {
        PassKeystoreBackend backend = new PassKeystoreBackend();
        assertTrue(backend.isAvailable(context("")));
        TestKeystoreContext noSuchCommand = context("").setting(KeystoreContext.PASS_CMD, "no-such-pass-program");
        assertFalse(backend.isAvailable(noSuchCommand));
        assertEquals("the pass program is not available: \"no-such-pass-program\" is not on PATH",
                assertThrows(KeystoreException.class, () -> backend.open(noSuchCommand)).getMessage());
        TestKeystoreContext noSuchFile = context("").setting(KeystoreContext.PASS_CMD, "/nonexistent/pass");
        assertFalse(backend.isAvailable(noSuchFile));
        assertEquals("the pass program is not available: \"/nonexistent/pass\" is not an executable file",
                assertThrows(KeystoreException.class, () -> backend.open(noSuchFile)).getMessage());
        // the caller's PATH counts, not the JVM's
        assertFalse(backend.isAvailable(context("").env("PATH", "/nonexistent")));
        assertFalse(backend.isAvailable(context("").env("PATH", null)));
        Path notExecutable = Files.writeString(store.home().resolve("pass-not-executable"), "#!/bin/sh\n");
        assertFalse(backend.isAvailable(context("").setting(KeystoreContext.PASS_CMD, notExecutable.toString())));
        assertFalse(backend.isAvailable(context("").setting(KeystoreContext.PASS_CMD, store.home().toString())));
        assertTrue(backend.isAvailable(context("").env("PATH", "/nonexistent")
                .setting(KeystoreContext.PASS_CMD, "/usr/bin/pass")));
    }

    @Test
    void aForeignEntryUnderThePrefixIsReportedByName() throws Exception {
        store.pass("hunter2-" + SECRET + "\n", "insert", "-m", "foreign/plain-password").ok();
        store.pass("{\"user\":\"bob\",\"password\":\"" + SECRET + "\"}", "insert", "-m", "foreign/other-json").ok();
        try (Keystore ks = open(context("foreign"))) {
            ks.set(item("default", "ours"));
            assertEquals(List.of("default", "other-json", "plain-password"), ks.keys());
            KeystoreException plain = assertThrows(KeystoreException.class, () -> ks.get("plain-password"));
            assertEquals("cannot read \"plain-password\" from pass: the entry \"foreign/plain-password\": not an "
                    + "aws-vault item: it is not valid JSON (written by another tool?)", plain.getMessage());
            KeystoreException json = assertThrows(KeystoreException.class, () -> ks.get("other-json"));
            assertEquals("cannot read \"other-json\" from pass: the entry \"foreign/other-json\": not an "
                    + "aws-vault item: it has no Data field (written by another tool?)", json.getMessage());
            assertOneLineWithoutSecrets(plain.getMessage(), SECRET, "hunter2");
            assertEquals("ours", new String(ks.get("default").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDamagedEntryIsReportedByName() throws Exception {
        Path folder = Files.createDirectories(store.storeDir().resolve("damaged"));
        Files.writeString(folder.resolve("broken.gpg"), "not an OpenPGP message");
        try (Keystore ks = open(context("damaged"))) {
            assertEquals(List.of("broken"), ks.keys());
            assertEquals("cannot read \"broken\" from pass (exit 2): gpg: no valid OpenPGP data found.",
                    assertThrows(KeystoreException.class, () -> ks.get("broken")).getMessage());
        }
    }

    @Test
    void aPrefixThatIsAFileCannotBeListed() throws Exception {
        Files.writeString(store.storeDir().resolve("a-file"), "x");
        try (Keystore ks = open(context("a-file"))) {
            assertEquals("cannot list the pass store: \"" + store.storeDir().resolve("a-file")
                    + "\" is not a directory", assertThrows(KeystoreException.class, ks::keys).getMessage());
        }
    }
}
