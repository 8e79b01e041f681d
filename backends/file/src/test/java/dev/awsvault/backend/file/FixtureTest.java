package dev.awsvault.backend.file;

import static dev.awsvault.backend.file.TestSupport.FIXTURE_PASSPHRASE;
import static dev.awsvault.backend.file.TestSupport.copyFixture;
import static dev.awsvault.backend.file.TestSupport.item;
import static dev.awsvault.backend.file.TestSupport.nimbusDecrypt;
import static dev.awsvault.backend.file.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.keystore.json.ItemJson;

/** The keys folder written by the original aws-vault v7.2.0 (read-only fixture, used through a copy). */
class FixtureTest {
    @TempDir
    Path tmp;
    Path keys;

    @BeforeEach
    void copy() throws Exception {
        keys = copyFixture(tmp.resolve("keys"));
    }

    private Keystore open(FakeContext context) {
        return new FileKeystoreBackend().open(context);
    }

    @Test
    void listsTheOriginalsKeysWithoutAPassphrase() {
        FakeContext context = FakeContext.withPrompt(tmp, keys); // any prompt fails the test
        assertEquals(List.of("home", "work/admin"), open(context).keys());
        assertTrue(context.prompts.isEmpty());
    }

    @Test
    void readsBothItemsWrittenByTheOriginal() {
        Keystore store = open(FakeContext.withEnvPassphrase(tmp, keys, FIXTURE_PASSPHRASE));
        KeystoreItem home = store.get("home").orElseThrow();
        assertEquals("home", home.key());
        assertEquals("aws-vault (home)", home.label());
        assertEquals("", home.description());
        assertTrue(home.keychainNotTrustApplication());
        assertFalse(home.keychainNotSynchronizable());
        assertEquals(TestSupport.HOME_CREDS, text(home.data()));

        KeystoreItem work = store.get("work/admin").orElseThrow();
        assertEquals("work/admin", work.key());
        assertEquals("aws-vault (work/admin)", work.label());
        assertEquals(TestSupport.WORK_CREDS, text(work.data()));
        assertTrue(text(work.data()).contains("\"AccessKeyID\":\"AKIAI44QH8DHBEXAMPLE\""));
        assertTrue(text(work.data()).contains("\"SecretAccessKey\":\"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\""));
    }

    @Test
    void ourItemJsonIsByteForByteTheOriginals() throws Exception {
        for (String name : List.of("home", "work%2Fadmin")) {
            byte[] original = nimbusDecrypt(keys.resolve(name), FIXTURE_PASSPHRASE); // independent decryption
            KeystoreItem decoded = ItemJson.decode(original, FileNames.decode(name));
            // written again under the file's key: the same bytes, so the stored Key is that key too
            assertEquals(text(original), text(ItemJson.encode(decoded)));
            assertArrayEquals(original, ItemJson.encode(decoded));
        }
    }

    @Test
    void fixtureHeadersHaveTheExpectedShape() throws Exception {
        for (String name : List.of("home", "work%2Fadmin")) {
            String token = TestSupport.read(keys.resolve(name));
            JweCodec.Header h = JweCodec.headerOf(token);
            assertEquals("PBES2-HS256+A128KW", h.alg());
            assertEquals("A256GCM", h.enc());
            assertEquals(8192, h.p2c());
            assertEquals(12, h.p2s().length);
            assertTrue(h.created().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\+0000 UTC m=\\+\\d+\\.\\d{9}"),
                    h.created());
        }
    }

    @Test
    void asksOnceWithTheOriginalsPromptAndCachesTheAnswer() {
        FakeContext context = FakeContext.withPrompt(tmp, keys, FIXTURE_PASSPHRASE);
        Keystore store = open(context);
        assertTrue(store.get("nothing-here").isEmpty()); // a missing key needs no passphrase
        assertTrue(context.prompts.isEmpty());
        store.get("home").orElseThrow();
        store.get("work/admin").orElseThrow();
        store.set(item("new", "{}"));
        assertEquals(List.of("Enter passphrase to unlock \"" + keys + "\": "), context.prompts);
    }

    @Test
    void wrongPassphraseOnRead() {
        Keystore store = open(FakeContext.withEnvPassphrase(tmp, keys, "not-the-passphrase"));
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> store.get("work/admin"));
        assertEquals("unable to decrypt \"work/admin\": wrong passphrase?", e.getMessage());
        assertFalse(e.getMessage().contains("not-the-passphrase"));
    }

    @Test
    void wrongPassphraseOnWriteChangesNothing() throws Exception {
        byte[] home = Files.readAllBytes(keys.resolve("home"));
        Keystore store = open(FakeContext.withEnvPassphrase(tmp, keys, "typo-passphrase"));
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> store.set(item("other", "{\"secret\":\"s3cr3t-value\"}")));
        assertTrue(e.getMessage().startsWith("unable to decrypt \""), e.getMessage());
        assertTrue(e.getMessage().contains("wrong passphrase?"), e.getMessage());
        assertFalse(e.getMessage().contains("typo-passphrase"));
        assertFalse(e.getMessage().contains("s3cr3t"));
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(WrongPassphraseException.class, () -> store.set(item("home", "{}")));
        assertEquals(List.of("home", "work%2Fadmin"), TestSupport.names(keys));
        assertArrayEquals(home, Files.readAllBytes(keys.resolve("home")));
    }

    @Test
    void writesNextToTheOriginalsItemsReadablyByAnIndependentImplementation() throws Exception {
        Keystore store = open(FakeContext.withEnvPassphrase(tmp, keys, FIXTURE_PASSPHRASE));
        KeystoreItem item = item("work/dev", TestSupport.HOME_CREDS);
        store.set(item);
        assertEquals(List.of("home", "work%2Fadmin", "work%2Fdev"), TestSupport.names(keys));
        byte[] plaintext = nimbusDecrypt(keys.resolve("work%2Fdev"), FIXTURE_PASSPHRASE);
        assertEquals("{\"Key\":\"work/dev\",\"Data\":\"" + java.util.Base64.getEncoder().encodeToString(
                TestSupport.HOME_CREDS.getBytes()) + "\",\"Label\":\"aws-vault (work/dev)\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}", text(plaintext));
        assertEquals(List.of("home", "work/admin", "work/dev"), store.keys());
    }
}
