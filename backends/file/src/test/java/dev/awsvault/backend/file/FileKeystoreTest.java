package dev.awsvault.backend.file;

import static dev.awsvault.backend.file.TestSupport.item;
import static dev.awsvault.backend.file.TestSupport.names;
import static dev.awsvault.backend.file.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;

class FileKeystoreTest {
    private static final String PASS = "p4ss";

    @TempDir
    Path tmp;

    private Path keys() {
        return tmp.resolve("keys");
    }

    private Keystore open(FakeContext context) {
        return new FileKeystoreBackend().open(context);
    }

    private Keystore open() {
        return open(FakeContext.withEnvPassphrase(tmp, keys(), PASS));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void backendIdentity() {
        KeystoreBackend backend = new FileKeystoreBackend();
        assertEquals("file", backend.name());
        assertTrue(backend.isAvailable(new FakeContext(tmp)));
    }

    @Test
    void createsPrivateFoldersAndFiles() throws Exception {
        Path deep = tmp.resolve("a/b/keys");
        open(FakeContext.withEnvPassphrase(tmp, deep, PASS)).set(item("home", "{}"));
        assertEquals("rwx------", mode(tmp.resolve("a")));
        assertEquals("rwx------", mode(tmp.resolve("a/b")));
        assertEquals("rwx------", mode(deep));
        assertEquals("rw-------", mode(deep.resolve("home")));
        assertEquals("rwx------", mode(tmp.resolve("a/b/.keys.d")));
        assertEquals("rw-------", mode(tmp.resolve("a/b/.keys.d/lock")));
    }

    @Test
    void listingCreatesTheFolderAndNeedsNoPassphrase() throws Exception {
        FakeContext context = FakeContext.withPrompt(tmp, keys());
        assertEquals(List.of(), open(context).keys());
        assertTrue(Files.isDirectory(keys()));
        assertEquals("rwx------", mode(keys()));
        Files.writeString(keys().resolve(".DS_Store"), "junk"); // every entry is a key, as in the original
        Files.createDirectory(keys().resolve("sub%2Fdir"));
        assertEquals(List.of(".DS_Store", "sub/dir"), open(context).keys());
        assertTrue(context.prompts.isEmpty());
    }

    @Test
    void aFileInsteadOfTheFolderIsAnError() throws Exception {
        Files.writeString(keys(), "x");
        KeystoreException e = assertThrows(KeystoreException.class, () -> open().keys());
        assertEquals("\"" + keys() + "\" is a file, not a directory", e.getMessage());
    }

    @Test
    void fileNamesOfAwkwardKeys() throws Exception {
        Keystore store = open();
        List<String> keys = List.of("work/admin", "100%", "oidc:https://x.awsapps.com/start",
                "sts.GetSessionToken,d29yaw,,1685001234", "with spaces", "ünïcødé/日本");
        for (String key : keys) {
            store.set(item(key, "{\"k\":\"" + key + "\"}"));
        }
        assertEquals(List.of("100%25", "oidc:https:%2F%2Fx.awsapps.com%2Fstart", "sts.GetSessionToken,d29yaw,,1685001234",
                "with spaces", "work%2Fadmin", "ünïcødé%2F日本"), names(keys()));
        Keystore fresh = open();
        assertEquals(keys.stream().sorted((a, b) -> FileNames.encode(a).compareTo(FileNames.encode(b))).toList(),
                fresh.keys());
        for (String key : keys) {
            assertEquals(item(key, "{\"k\":\"" + key + "\"}"), fresh.get(key).orElseThrow());
        }
    }

    @Test
    void refusesKeysThatAreNotFileNames() {
        Keystore store = open();
        for (String key : new String[] {"", ".", "..", "nul\0char"}) {
            assertThrows(KeystoreException.class, () -> store.set(item(key, "{}")), key);
            assertThrows(KeystoreException.class, () -> store.get(key), key);
        }
    }

    @Test
    void tildeExpansionAndTheDefaultFolder() throws Exception {
        FakeContext context = FakeContext.withPrompt(tmp, null, PASS);
        Keystore store = open(context); // no setting: the default ~/.awsvault/keys/
        store.set(item("home", "{}"));
        assertTrue(Files.isRegularFile(tmp.resolve(".awsvault/keys/home")));
        assertTrue(Files.isDirectory(tmp.resolve(".awsvault/.keys.d")));
        assertEquals(List.of("Enter passphrase to unlock \"" + tmp + "/.awsvault/keys/\": "), context.prompts);

        String sep = java.io.File.separator;
        assertEquals(tmp + sep + "k", KeysDirectory.of("~" + sep + "k", tmp).display());
        assertEquals(tmp + "/k", KeysDirectory.of("~/k", tmp).display());
        if (sep.equals("/")) {
            assertEquals("~\\k", KeysDirectory.of("~\\k", tmp).display()); // a file name on Unix, as in Go
        }
        assertEquals("~user/k", KeysDirectory.of("~user/k", tmp).display());
        assertEquals("x/~/k", KeysDirectory.of("x/~/k", tmp).display());
    }

    @Test
    void promptQuotesTheFolderAsGoDoes() {
        Path odd = tmp.resolve("we\"ird\\dir");
        FakeContext context = FakeContext.withPrompt(tmp, odd, PASS);
        open(context).set(item("k", "{}"));
        assertEquals(List.of("Enter passphrase to unlock \"" + tmp + "/we\\\"ird\\\\dir\": "), context.prompts);
    }

    @Test
    void emptyButSetEnvironmentPassphraseIsUsed() throws Exception {
        FakeContext context = FakeContext.withEnvPassphrase(tmp, keys(), "");
        Keystore store = open(context);
        store.set(item("k", "{\"v\":1}"));
        assertEquals("{\"v\":1}", text(open(context).get("k").orElseThrow().data()));
        assertTrue(context.prompts.isEmpty());
        assertInstanceOf(WrongPassphraseException.class,
                assertThrows(KeystoreException.class, () -> open().get("k")));
    }

    @Test
    void anEmptyAnswerIsAskedAgainANonEmptyOneOnce() {
        FakeContext empty = FakeContext.withPrompt(tmp, keys(), "", "");
        Keystore store = open(empty);
        store.set(item("k", "{}"));
        store.get("k").orElseThrow();
        assertEquals(2, empty.prompts.size());

        FakeContext once = FakeContext.withPrompt(tmp, tmp.resolve("other"), "x");
        Keystore other = open(once);
        other.set(item("a", "{}"));
        other.set(item("b", "{}"));
        other.get("a").orElseThrow();
        assertEquals(1, once.prompts.size());
    }

    @Test
    void atomicReplaceLeavesNoTemporaryFilesInTheKeysFolder() throws Exception {
        Keystore store = open();
        store.set(item("home", "{\"v\":1}"));
        Path side = tmp.resolve(".keys.d");
        Files.writeString(side.resolve("tmp-0123456789abcdef"), "left by a crashed writer");
        List<String> created = new java.util.ArrayList<>();
        try (WatchService watch = keys().getFileSystem().newWatchService()) {
            keys().register(watch, StandardWatchEventKinds.ENTRY_CREATE); // sees even short-lived names
            for (int i = 2; i <= 5; i++) {
                // the new file is written beside the old one, so it has another inode; compared per replace,
                // because a later write may be given an inode an earlier replace freed
                Object inode = Files.getAttribute(keys().resolve("home"), "unix:ino");
                store.set(item("home", "{\"v\":" + i + "}"));
                assertNotEquals(inode, Files.getAttribute(keys().resolve("home"), "unix:ino"), "replaced by a rename");
                store.set(item("other" + i, "{}"));
            }
            WatchKey key;
            while ((key = watch.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    created.add(String.valueOf(event.context()));
                }
                key.reset();
            }
        }
        assertFalse(created.isEmpty());
        assertEquals(List.of("home", "other2", "other3", "other4", "other5"), created.stream().distinct().sorted()
                .toList(), "every name that ever appeared in the keys folder is a key");
        assertEquals(List.of("home", "other2", "other3", "other4", "other5"), names(keys()));
        assertEquals(List.of("lock"), names(side));
        assertEquals("{\"v\":5}", text(open().get("home").orElseThrow().data()));
    }

    @Test
    void removeNeedsNoPassphrase() throws Exception {
        open().set(item("work/admin", "{}"));
        FakeContext context = FakeContext.withPrompt(tmp, keys());
        Keystore store = open(context);
        assertTrue(store.remove("work/admin"));
        assertFalse(store.remove("work/admin"));
        assertEquals(List.of(), names(keys()));
        assertTrue(context.prompts.isEmpty());
    }

    @Test
    void wrongPassphraseOnWriteIsDetectedAndWritesNothing() throws Exception {
        open().set(item("home", "{}"));
        byte[] before = Files.readAllBytes(keys().resolve("home"));
        FakeContext context = FakeContext.withPrompt(tmp, keys(), "typo");
        Keystore store = open(context);
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> store.set(item("new", "{}")));
        assertEquals("unable to decrypt \"" + keys().resolve("home") + "\": wrong passphrase? (nothing was written)",
                e.getMessage());
        assertEquals(List.of("home"), names(keys()));
        assertArrayEquals(before, Files.readAllBytes(keys().resolve("home")));
        assertThrows(WrongPassphraseException.class, () -> store.set(item("home", "{\"v\":2}")));
        assertArrayEquals(before, Files.readAllBytes(keys().resolve("home")));
    }

    @Test
    void writeCheckIsSatisfiedByAnyItemThatOpens() throws Exception {
        open().set(item("b-good", "{}"));
        open(FakeContext.withEnvPassphrase(tmp, tmp.resolve("elsewhere"), "other")).set(item("a-other", "{}"));
        Files.move(tmp.resolve("elsewhere/a-other"), keys().resolve("a-other")); // a split keystore, as the original can leave
        Files.writeString(keys().resolve(".DS_Store"), "not an item");
        open().set(item("c", "{}"));
        assertEquals(List.of(".DS_Store", "a-other", "b-good", "c"), names(keys()));
    }

    @Test
    void strayFilesAreNoEvidenceAgainstAPassphrase() throws Exception {
        Files.createDirectories(keys());
        Files.writeString(keys().resolve(".DS_Store"), "not an item");
        open().set(item("k", "{}"));
        assertEquals("{}", text(open().get("k").orElseThrow().data()));
    }

    @Test
    void corruptOrTruncatedFilesFailOnlyTheirOwnKey() throws Exception {
        Keystore store = open();
        store.set(item("good", "{\"ok\":true}"));
        store.set(item("truncated", "{}"));
        store.set(item("tampered", "{}"));
        Path truncated = keys().resolve("truncated");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(truncated), 100));
        Path tampered = keys().resolve("tampered");
        String[] parts = Files.readString(tampered).split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? 'B' : 'A') + parts[3].substring(1);
        Files.writeString(tampered, String.join(".", parts));
        Files.writeString(keys().resolve("garbage"), "\u0000\u0001binary\n");
        Files.writeString(keys().resolve("empty"), "");

        Keystore fresh = open();
        assertEquals(List.of("empty", "garbage", "good", "tampered", "truncated"), fresh.keys());
        for (String key : List.of("truncated", "tampered", "garbage", "empty")) {
            KeystoreException e = assertThrows(KeystoreException.class, () -> fresh.get(key), key);
            assertFalse(e instanceof WrongPassphraseException, key);
            assertTrue(e.getMessage().startsWith("cannot read \"" + key + "\" from the file keystore: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(assertThrows(KeystoreException.class, () -> fresh.get("tampered")).getMessage()
                .contains("authentication tag"));
        assertEquals("{\"ok\":true}", text(fresh.get("good").orElseThrow().data()));
    }

    @Test
    void aFolderWhereAFileShouldBeIsAnErrorNotAnItem() throws Exception {
        Files.createDirectories(keys().resolve("dir"));
        Files.writeString(keys().resolve("dir/x"), "x");
        KeystoreException read = assertThrows(KeystoreException.class, () -> open().get("dir"));
        assertTrue(read.getMessage().startsWith("cannot read \"dir\" from the file keystore: "), read.getMessage());
        KeystoreException write = assertThrows(KeystoreException.class, () -> open().set(item("dir", "{}")));
        assertTrue(write.getMessage().startsWith("cannot write \"" + keys().resolve("dir") + "\": "), write.getMessage());
        assertEquals(List.of("dir"), names(keys()));
        assertEquals(List.of("x"), names(keys().resolve("dir")));
        assertEquals(List.of("lock"), names(tmp.resolve(".keys.d")));
    }

    @Test
    void unusableLockFolderIsAClearErrorAndChangesNothing() throws Exception {
        open().set(item("home", "{}"));
        byte[] before = Files.readAllBytes(keys().resolve("home"));
        Path side = tmp.resolve(".keys.d");
        Files.delete(side.resolve("lock"));
        Files.delete(side);
        Files.writeString(side, "in the way");
        KeystoreException e = assertThrows(KeystoreException.class, () -> open().set(item("home", "{\"v\":2}")));
        assertEquals("cannot create the lock folder \"" + side + "\": \"" + side + "\" is a file", e.getMessage());
        assertThrows(KeystoreException.class, () -> open().remove("home"));
        assertArrayEquals(before, Files.readAllBytes(keys().resolve("home")));
        assertEquals(List.of("home"), names(keys()));
    }

    @Test
    void unwritableFolderIsAClearErrorAndChangesNothing() throws Exception {
        assumeFalse(TestSupport.isRoot(), "permissions do not bind root");
        open().set(item("home", "{}"));
        byte[] before = Files.readAllBytes(keys().resolve("home"));
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("r-x------"));
        try {
            KeystoreException e = assertThrows(KeystoreException.class, () -> open().set(item("new", "{}")));
            assertEquals("cannot write \"" + keys().resolve("new") + "\": permission denied", e.getMessage());
            assertThrows(KeystoreException.class, () -> open().set(item("home", "{\"v\":2}")));
            assertThrows(KeystoreException.class, () -> open().remove("home"));
            assertEquals(List.of("home"), names(keys()));
            assertArrayEquals(before, Files.readAllBytes(keys().resolve("home")));
            assertEquals(List.of("lock"), names(tmp.resolve(".keys.d")));
        } finally {
            Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void secretsStayOutOfMessagesAndToString() throws Exception {
        String secret = "SUPERSECRETvalue";
        Keystore store = open(FakeContext.withEnvPassphrase(tmp, keys(), "passphrase-" + secret));
        store.set(new KeystoreItem("k", ("{\"SecretAccessKey\":\"" + secret + "\"}").getBytes(StandardCharsets.UTF_8),
                "", "", true, false));
        assertFalse(store.toString().contains(secret));
        assertFalse(store.get("k").orElseThrow().toString().contains(secret));
        Keystore wrong = open(FakeContext.withEnvPassphrase(tmp, keys(), "wrong-" + secret));
        for (Exception e : List.of(assertThrows(KeystoreException.class, () -> wrong.get("k")),
                assertThrows(KeystoreException.class, () -> wrong.set(item("k2", secret))))) {
            assertFalse(String.valueOf(e.getMessage()).contains(secret), e.getMessage());
        }
        // a readable but malformed item: the JSON error must not quote the plaintext
        String token = JweCodec.encrypt(("{\"Key\":\"k\",\"Data\":\"" + secret + "!\"}").getBytes(StandardCharsets.UTF_8),
                ("passphrase-" + secret).toCharArray(), "now");
        Files.writeString(keys().resolve("bad"), token);
        KeystoreException e = assertThrows(KeystoreException.class, () -> store.get("bad"));
        assertEquals("cannot read \"bad\" from the file keystore: not an aws-vault item: its Data is not base64", e.getMessage());
    }

    @Test
    void closeForgetsThePassphrase() {
        FakeContext context = FakeContext.withPrompt(tmp, keys(), PASS, PASS);
        Keystore store = open(context);
        store.set(item("k", "{}"));
        store.close();
        store.get("k").orElseThrow();
        assertEquals(2, context.prompts.size());
        assertEquals(Map.of(), context.env);
    }
}
