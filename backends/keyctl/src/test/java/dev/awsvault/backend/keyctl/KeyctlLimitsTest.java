package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.Peers;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** The kernel's limits on a {@code user} key, checked before the call and shown true on the real kernel. */
class KeyctlLimitsTest {
    @TempDir
    Path home;

    private String ring;

    @BeforeEach
    void newRing() {
        ring = TestRings.newRingName();
    }

    @AfterEach
    void destroyRing() throws Exception {
        TestRings.destroy(ring);
    }

    private Keystore open() {
        return TestRings.backend(ring).open(new TestKeystoreContext(home));
    }

    private static KeystoreItem item(String key, byte[] data) {
        return new KeystoreItem(key, data, "", "", false, false);
    }

    private static byte[] filled(int length, char c) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) c);
        return data;
    }

    @Test
    void refusals() {
        assertNull(KeyctlKeystore.refusal("default", 1));
        assertNull(KeyctlKeystore.refusal("k".repeat(4095), 32_767));
        assertEquals("the key is empty", KeyctlKeystore.refusal("", 1));
        assertEquals("the key contains a NUL character", KeyctlKeystore.refusal("a\0b", 1));
        assertEquals("the key is 4096 bytes long and a key description holds at most 4095",
                KeyctlKeystore.refusal("é".repeat(2048), 1));
        assertEquals("the payload is empty, which a user key cannot hold", KeyctlKeystore.refusal("k", 0));
        assertEquals("the payload is 32768 bytes and a user key holds at most 32767",
                KeyctlKeystore.refusal("k", 32_768));
    }

    @Test
    void serialsAreDecodedInTheGivenByteOrder() {
        byte[] little = {1, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE}, KernelKeyring.serials(little, ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(new int[] {0x01000000, 0xffffff7f}, KernelKeyring.serials(little, ByteOrder.BIG_ENDIAN));
        assertArrayEquals(new int[0], KernelKeyring.serials(new byte[0], ByteOrder.nativeOrder()));
    }

    @Test
    void theLargestPayloadAndKeyTheKernelTakes() {
        String longKey = "k".repeat(KeyctlKeystore.MAX_DESCRIPTION);
        byte[] largest = filled(KeyctlKeystore.MAX_PAYLOAD, 'x');
        try (Keystore ks = open()) {
            ks.set(item(longKey, largest));
            assertArrayEquals(largest, ks.get(longKey).orElseThrow().data());
            assertEquals(List.of(longKey), ks.keys());
        }
    }

    @Test
    void aPayloadTooLargeIsRefusedAndTheStoredItemKept() {
        try (Keystore ks = open()) {
            ks.set(item("sso", "old".getBytes(StandardCharsets.UTF_8)));
            KeystoreException e = assertThrows(KeystoreException.class,
                    () -> ks.set(item("sso", filled(KeyctlKeystore.MAX_PAYLOAD + 1, 'y'))));
            assertEquals("cannot store \"sso\" in the kernel keyring: the payload is 32768 bytes and a user key holds "
                    + "at most 32767", e.getMessage());
            assertEquals("old", new String(ks.get("sso").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void unrepresentableKeysAreRefusedOnWriteAndAbsentOnRead() {
        try (Keystore ks = open()) {
            KeystoreException e = assertThrows(KeystoreException.class,
                    () -> ks.set(item("a\0b", "x".getBytes(StandardCharsets.UTF_8))));
            assertEquals("cannot store \"a\0b\" in the kernel keyring: the key contains a NUL character",
                    e.getMessage());
            assertThrows(KeystoreException.class, () -> ks.set(item("empty", new byte[0])));
            assertEquals(Optional.empty(), ks.get("a\0b"));
            assertEquals(false, ks.remove("a\0b"));
            assertEquals(List.of(), ks.keys());
        }
    }

    @Test
    void nothingIsCreatedUntilTheFirstWrite() throws Exception {
        try (Keystore ks = open()) {
            assertEquals(List.of(), ks.keys());
            assertEquals(Optional.empty(), ks.get("default"));
            assertEquals(false, ks.remove("default"));
        }
        assertEquals(List.of(), TestRings.linkedRings(KernelKeyring.KEY_SPEC_USER_KEYRING, ring));
    }

    @Test
    void aKeyringUnlinkedByAnotherProcessIsNotWrittenTo() throws Exception {
        Peers.require("keyctl");
        try (Keystore ks = open()) {
            ks.set(item("first", "1".getBytes(StandardCharsets.UTF_8)));
            String ringId = TestRings.keyctl("search", "@u", "keyring", ring).ok().text();
            TestRings.keyctl("unlink", ringId, "@u").ok(); // this process still links it, from its process keyring
            assertEquals(List.of(), ks.keys());
            ks.set(item("second", "2".getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of("second"), ks.keys());
            assertEquals(Optional.empty(), ks.get("first"));
        }
    }
}
