package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.PassStore;
import dev.awsvault.testing.keystore.Run;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The original's layout, checked with pass itself: what we write pass shows, what pass holds we read. */
class PassLayoutTest {
    private static final String CREDENTIALS = "{\"AccessKeyID\":\"AKIALAYOUT00000001\",\"SecretAccessKey\":"
            + "\"s3cr3t/Key+Value=\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,"
            + "\"Expires\":\"0001-01-01T00:00:00Z\"}";

    private static PassStore store;

    @BeforeAll
    static void createStore() {
        store = PassStore.create();
    }

    @AfterAll
    static void removeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static TestKeystoreContext context(String prefix) {
        return new TestKeystoreContext(store.home()).env(store.env())
                .setting(KeystoreContext.PASS_DIR, store.storeDir().toString())
                .setting(KeystoreContext.PASS_PREFIX, prefix);
    }

    private static Keystore open(TestKeystoreContext context) throws Exception {
        return new PassKeystoreBackend().open(context);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passShowsExactlyTheItemJsonTheOriginalWrites() throws Exception {
        try (Keystore ks = open(context("aws-vault"))) {
            ks.set(new KeystoreItem("default", CREDENTIALS.getBytes(StandardCharsets.UTF_8), "aws-vault (default)",
                    "", true, false));
            ks.set(new KeystoreItem("sts.GetSessionToken,ZGVmYXVsdA,,1685001234", "{}".getBytes(StandardCharsets.UTF_8),
                    "aws-vault session for default <&> (expires 2023-05-25T07:53:54Z)", "aws-vault session ünï",
                    false, false));
        }
        assertEquals("{\"Key\":\"default\",\"Data\":\"" + base64(CREDENTIALS) + "\",\"Label\":\"aws-vault (default)\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}",
                store.pass(null, "show", "aws-vault/default").ok().stdout());
        assertEquals("{\"Key\":\"sts.GetSessionToken,ZGVmYXVsdA,,1685001234\",\"Data\":\"e30=\","
                + "\"Label\":\"aws-vault session for default \\u003c\\u0026\\u003e (expires 2023-05-25T07:53:54Z)\","
                + "\"Description\":\"aws-vault session ünï\",\"KeychainNotTrustApplication\":false,"
                + "\"KeychainNotSynchronizable\":false}",
                store.pass(null, "show", "aws-vault/sts.GetSessionToken,ZGVmYXVsdA,,1685001234").ok().stdout());
        Path file = store.storeDir().resolve("aws-vault/default.gpg");
        assertTrue(Files.isRegularFile(file));
        assertFalse(utf8(Files.readAllBytes(file)).contains("AKIALAYOUT"), "encrypted by gpg, not plaintext");
    }

    @Test
    void anItemWrittenByHandInTheOriginalsFormatIsRead() throws Exception {
        String json = "{\"Key\":\"hand\",\"Data\":\"" + base64(CREDENTIALS) + "\",\"Label\":\"aws-vault (hand)\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}";
        store.pass(json + "\n", "insert", "-m", "by-hand/hand").ok();
        try (Keystore ks = open(context("by-hand"))) {
            assertEquals(List.of("hand"), ks.keys());
            KeystoreItem item = ks.get("hand").orElseThrow();
            assertEquals("hand", item.key());
            assertEquals(CREDENTIALS, utf8(item.data()));
            assertEquals("aws-vault (hand)", item.label());
            assertTrue(item.keychainNotTrustApplication());
        }
    }

    @Test
    void thePrefixIsAFolderOfTheStore() throws Exception {
        try (Keystore ks = open(context("team/aws/"))) {
            ks.set(new KeystoreItem("work/admin", "wa".getBytes(StandardCharsets.UTF_8), "", "", false, false));
            ks.set(new KeystoreItem("home", "h".getBytes(StandardCharsets.UTF_8), "", "", false, false));
        }
        store.pass("{\"Data\":\"eA==\"}", "insert", "-m", "team/other/x").ok();
        assertTrue(Files.isRegularFile(store.storeDir().resolve("team/aws/work/admin.gpg")));
        assertTrue(Files.isRegularFile(store.storeDir().resolve("team/aws/home.gpg")));
        try (Keystore ks = open(context("team/aws"))) {
            assertEquals(List.of("home", "work/admin"), ks.keys());
        }
        try (Keystore ks = open(context("team"))) {
            assertEquals(List.of("aws/home", "aws/work/admin", "other/x"), ks.keys());
            assertEquals("wa", utf8(ks.get("aws/work/admin").orElseThrow().data()));
        }
        try (Keystore ks = open(context("team//aws/./"))) {
            assertEquals(List.of("home", "work/admin"), ks.keys());
            assertTrue(ks.remove("work/admin"));
        }
        assertNotEquals(0, store.pass(null, "show", "team/aws/work/admin").exitCode());
        assertFalse(Files.exists(store.storeDir().resolve("team/aws/work")), "pass removes the emptied folder");
    }

    @Test
    void oidcKeysAreCleanedAsTheOriginalCleansThem() throws Exception {
        String key = "oidc:https://example.awsapps.com/start";
        try (Keystore ks = open(context("oidc-test"))) {
            ks.set(new KeystoreItem(key, "token".getBytes(StandardCharsets.UTF_8), "", "", false, false));
            assertEquals(List.of("oidc:https:/example.awsapps.com/start"), ks.keys());
            assertTrue(Files.isRegularFile(store.storeDir().resolve("oidc-test/oidc:https:/example.awsapps.com/start.gpg")));
            String shown = store.pass(null, "show", "oidc-test/oidc:https:/example.awsapps.com/start").ok().stdout();
            assertTrue(shown.startsWith("{\"Key\":\"oidc:https://example.awsapps.com/start\",\"Data\":\"dG9rZW4=\""),
                    shown);
            assertEquals("token", utf8(ks.get(key).orElseThrow().data()));
            assertEquals(key, ks.get(key).orElseThrow().key());
            assertEquals("token", utf8(ks.get("oidc:https:/example.awsapps.com/start").orElseThrow().data()));
            assertTrue(ks.remove(key));
            assertEquals(List.of(), ks.keys());
        }
    }

    @Test
    void setReplacesWhatPassHolds() throws Exception {
        try (Keystore ks = open(context("replace"))) {
            ks.set(new KeystoreItem("default", "first".getBytes(StandardCharsets.UTF_8), "", "", false, false));
            ks.set(new KeystoreItem("default", "second".getBytes(StandardCharsets.UTF_8), "", "", false, false));
        }
        assertTrue(store.pass(null, "show", "replace/default").ok().stdout().contains(base64("second")));
    }

    @Test
    void passDirWinsOverTheCallersPasswordStoreDir() throws Exception {
        TestKeystoreContext context = context("dir-test").env("PASSWORD_STORE_DIR", "/nonexistent/other-store");
        try (Keystore ks = open(context)) {
            ks.set(new KeystoreItem("a", "x".getBytes(StandardCharsets.UTF_8), "", "", false, false));
            assertEquals(List.of("a"), ks.keys());
        }
        assertTrue(Files.isRegularFile(store.storeDir().resolve("dir-test/a.gpg")));
        assertFalse(Files.exists(Path.of("/nonexistent/other-store")));
    }

    @Test
    void withoutPassDirTheCallersPasswordStoreDirIsUsed() throws Exception {
        TestKeystoreContext context = new TestKeystoreContext(store.home()).env(store.env())
                .env("PASSWORD_STORE_DIR", store.storeDir().toString())
                .setting(KeystoreContext.PASS_PREFIX, "env-test");
        try (Keystore ks = open(context)) {
            ks.set(new KeystoreItem("b", "y".getBytes(StandardCharsets.UTF_8), "", "", false, false));
            assertEquals("y", utf8(ks.get("b").orElseThrow().data()));
        }
        assertTrue(Files.isRegularFile(store.storeDir().resolve("env-test/b.gpg")));
    }

    @Test
    void withNeitherTheStoreIsPasswordStoreInTheCallersHome() throws Exception {
        Path home = Files.createTempDirectory(store.home(), "h");
        Path defaultStore = home.resolve(".password-store");
        Map<String, String> env = store.env();
        env.put("PASSWORD_STORE_DIR", defaultStore.toString());
        Run.run(List.of("pass", "init", store.fingerprint()), env, null).ok();
        TestKeystoreContext context = new TestKeystoreContext(home).env(store.env()).env("HOME", home.toString());
        try (Keystore ks = open(context)) {
            ks.set(new KeystoreItem("c", "z".getBytes(StandardCharsets.UTF_8), "", "", false, false));
        }
        assertTrue(Files.isRegularFile(defaultStore.resolve("c.gpg")));
        // "~/" in --pass-dir is the caller's home too
        try (Keystore ks = open(context.setting(KeystoreContext.PASS_DIR, "~/.password-store"))) {
            assertEquals(List.of("c"), ks.keys());
            assertArrayEquals("z".getBytes(StandardCharsets.UTF_8), ks.get("c").orElseThrow().data());
            assertEquals(Optional.empty(), ks.get("d"));
        }
    }
}
