package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.Peers;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The layout in the kernel as keyutils' {@code keyctl} CLI (another process) sees it, and interop with it. */
class KeyctlLayoutTest {
    /** A new anonymous session keyring, which does not link the user keyring: nothing under it is possessed. */
    private static final List<String> FOREIGN_SESSION = List.of("keyctl", "session", "-");

    @TempDir
    Path home;

    private String ring;
    private String uid;
    private String gid;

    @BeforeAll
    static void needsKeyutils() {
        Peers.require("keyctl");
    }

    @BeforeEach
    void newRing() throws Exception {
        ring = TestRings.newRingName();
        uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        gid = Files.getAttribute(Path.of("/proc/self"), "unix:gid").toString();
    }

    @AfterEach
    void destroyRing() throws Exception {
        TestRings.destroy(ring);
        assertFalse(TestRings.keyctl("search", "@u", "keyring", ring).exitCode() == 0, "keyring left behind");
    }

    private Keystore open() {
        return TestRings.backend(ring).open(new TestKeystoreContext(home));
    }

    private static KeystoreItem item(String key, byte[] data) {
        return new KeystoreItem(key, data, "aws-vault (" + key + ")", "not stored", true, false);
    }

    private String ringId() {
        return TestRings.keyctl("search", "@u", "keyring", ring).ok().text();
    }

    private static String keyId(String ringId, String key) {
        return TestRings.keyctl("search", ringId, "user", key).ok().text();
    }

    private static List<String> linked(String keyringId) {
        String ids = TestRings.keyctl("rlist", keyringId).ok().text();
        return ids.isEmpty() ? List.of() : List.of(ids.split(" "));
    }

    @Test
    void anItemIsAUserKeyNamedByTheKeyInTheNamedKeyringUnderTheUserKeyring() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        String key = "work;admin";
        try (Keystore ks = open()) {
            ks.set(item(key, payload));
        }
        String ringId = ringId();
        assertTrue(linked("@u").contains(ringId), "linked directly under the user keyring");
        assertEquals("keyring;" + uid + ";" + gid + ";3f3f0000;" + ring,
                TestRings.keyctl("rdescribe", ringId).ok().text());
        String keyId = keyId(ringId, key);
        assertEquals(List.of(keyId), linked(ringId), "one key per item, nothing else");
        assertEquals("user;" + uid + ";" + gid + ";3f3f0000;" + key, TestRings.keyctl("rdescribe", keyId).ok().text());
        assertArrayEquals(payload, TestRings.keyctl("pipe", keyId).ok().stdout(), "the raw payload, nothing added");
    }

    @Test
    void setUpdatesTheKeyInPlace() {
        try (Keystore ks = open()) {
            ks.set(item("default", "first".getBytes(StandardCharsets.UTF_8)));
            String before = keyId(ringId(), "default");
            ks.set(item("default", "second".getBytes(StandardCharsets.UTF_8)));
            assertEquals(before, keyId(ringId(), "default"), "the same kernel key, updated atomically");
            assertEquals("second", TestRings.keyctl("pipe", before).ok().text());
            assertEquals(1, linked(ringId()).size());
        }
    }

    @Test
    void removeUnlinksTheKey() {
        try (Keystore ks = open()) {
            ks.set(item("a", "1".getBytes(StandardCharsets.UTF_8)));
            ks.set(item("b", "2".getBytes(StandardCharsets.UTF_8)));
            String b = keyId(ringId(), "b");
            assertTrue(ks.remove("a"));
            assertTrue(TestRings.keyctl("search", ringId(), "user", "a").exitCode() != 0);
            assertEquals(List.of(b), linked(ringId()));
        }
    }

    @Test
    void readsWhatKeyutilsWritesWithDefaultPermissions() {
        // The original's library creates the keyring and keys with add_key and the kernel's default permissions
        String ringId = TestRings.keyctl("newring", ring, "@u").ok().text();
        byte[] payload = "{\"AccessKeyID\":\"AKIAEXAMPLE\"}\n".getBytes(StandardCharsets.UTF_8);
        TestRings.run(List.of("keyctl", "padd", "user", "ünï cødé", ringId), payload).ok();
        TestRings.keyctl("newring", "not-an-item", ringId).ok();
        try (Keystore ks = open()) {
            assertEquals(List.of("ünï cødé"), ks.keys(), "keyrings and other types are not items");
            assertArrayEquals(payload, ks.get("ünï cødé").orElseThrow().data());
            assertEquals(Optional.empty(), ks.get("not-an-item"));
            assertTrue(ks.remove("ünï cødé"));
            assertEquals(List.of(), ks.keys());
        }
    }

    @Test
    void itemsAreReadableFromASessionThatDoesNotPossessTheUserKeyring() {
        try (Keystore ks = open()) {
            ks.set(item("default", "secret".getBytes(StandardCharsets.UTF_8)));
        }
        TestRings.Output read = TestRings.run(List.of("keyctl", "session", "-", "keyctl", "pipe",
                keyId(ringId(), "default")), null);
        assertEquals("secret", read.ok().text(), "the owner may read, not only the possessor");
    }

    @Test
    void aProcessWhoseSessionDoesNotPossessTheUserKeyringCanCreateAndAdd() {
        // Ring and first key made by the child; the second child adds a key to the ring the first made
        Map<String, String> first = ChildJvm.run(FOREIGN_SESSION, "write", ring, "first", hex("one"));
        assertEquals("[first]", first.get("keys"));
        Map<String, String> second = ChildJvm.run(FOREIGN_SESSION, "write", ring, "second", hex("two"));
        assertTrue(Set.of("[first, second]", "[second, first]").contains(second.get("keys")), second.toString());
        assertEquals("keyring;" + uid + ";" + gid + ";3f3f0000;" + ring,
                TestRings.keyctl("rdescribe", ringId()).ok().text());
        assertEquals("user;" + uid + ";" + gid + ";3f3f0000;second",
                TestRings.keyctl("rdescribe", keyId(ringId(), "second")).ok().text());
        try (Keystore ks = open()) {
            assertEquals("two", new String(ks.get("second").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theDefaultNamedKeyringIsAwsVault() throws Exception {
        assumeTrue(TestRings.linkedRings(KernelKeyring.KEY_SPEC_USER_KEYRING, "aws-vault").isEmpty(),
                "this user already has an aws-vault keyring; it is left alone");
        try (Keystore ks = new KeyctlKeystoreBackend().open(new TestKeystoreContext(home))) {
            ks.set(item("default", "x".getBytes(StandardCharsets.UTF_8)));
            String ringId = TestRings.keyctl("search", "@u", "keyring", "aws-vault").ok().text();
            assertTrue(linked("@u").contains(ringId));
            assertEquals(List.of(keyId(ringId, "default")), linked(ringId));
        } finally {
            TestRings.destroy("aws-vault");
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
