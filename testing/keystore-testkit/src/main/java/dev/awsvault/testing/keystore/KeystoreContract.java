package dev.awsvault.testing.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * What every keystore backend must do, whatever it stores in. A backend's test extends this and implements
 * {@link #open()} over a store that is empty at the start of each test (a fresh folder, collection, wallet folder
 * or keyring) and the same store for every call within one test, so that a second {@code open()} shows persistence.
 */
public abstract class KeystoreContract {

    /** Keys of the kinds aws-vault writes, and names users give profiles. */
    protected static final List<String> AWKWARD_KEYS = List.of(
            "default",
            "work/admin",
            "100%-done",
            "with space",
            "ünïcødé-профиль",
            "oidc:https://example.awsapps.com/start",
            "sts.GetSessionToken,d29yaw,YXJuOmF3czppYW06OjExMTE6bWZhL2pvaG4,1685001234",
            "sts.AssumeRole,cm9sZQ,,1685001234");

    /** Opens the store of the current test (empty at the test's start). */
    protected abstract Keystore open() throws Exception;

    /** Whether label and description survive (Item-JSON and Keychain backends); raw-payload backends say false. */
    protected boolean preservesLabels() {
        return true;
    }

    /** The key {@link Keystore#keys()} reports for {@code key}; the pass layout, for one, cleans {@code //}. */
    protected String listedKey(String key) {
        return key;
    }

    protected static KeystoreItem item(String key, String data) {
        return new KeystoreItem(key, data.getBytes(StandardCharsets.UTF_8), "aws-vault (" + key + ")", "", true, false);
    }

    protected static String credentialsJson(String akid) {
        return "{\"AccessKeyID\":\"" + akid + "\",\"SecretAccessKey\":\"secret/with+chars=\",\"SessionToken\":\"\","
                + "\"Source\":\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}";
    }

    @Test
    void anEmptyStoreHasNothing() throws Exception {
        try (Keystore ks = open()) {
            assertEquals(List.of(), ks.keys());
            assertEquals(Optional.empty(), ks.get("default"));
            assertFalse(ks.remove("default"));
        }
    }

    @Test
    void anItemRoundTripsAndPersists() throws Exception {
        KeystoreItem stored = new KeystoreItem("default", credentialsJson("AKIAEXAMPLE0000001").getBytes(
                StandardCharsets.UTF_8), "aws-vault (default)", "a description", true, false);
        try (Keystore ks = open()) {
            ks.set(stored);
            assertItem(stored, ks.get("default").orElseThrow());
        }
        try (Keystore again = open()) {
            assertEquals(List.of("default"), again.keys());
            assertItem(stored, again.get("default").orElseThrow());
        }
    }

    @Test
    void setReplacesAnExistingItem() throws Exception {
        try (Keystore ks = open()) {
            ks.set(item("default", credentialsJson("AKIAFIRST000000001")));
            ks.set(item("default", credentialsJson("AKIASECOND00000001")));
            assertEquals(List.of("default"), ks.keys());
            assertEquals(credentialsJson("AKIASECOND00000001"),
                    new String(ks.get("default").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void removeDeletesOnlyThatItem() throws Exception {
        try (Keystore ks = open()) {
            ks.set(item("work", "w"));
            ks.set(item("work/admin", "wa"));
            ks.set(item("home", "h"));
            assertTrue(ks.remove("work"));
            assertFalse(ks.remove("work"));
            assertEquals(Set.of(listedKey("work/admin"), "home"), new HashSet<>(ks.keys()));
            assertEquals("wa", new String(ks.get("work/admin").orElseThrow().data(), StandardCharsets.UTF_8));
            assertEquals(Optional.empty(), ks.get("work"));
        }
        try (Keystore again = open()) {
            assertEquals(Optional.empty(), again.get("work"));
        }
    }

    @Test
    void awkwardKeysRoundTrip() throws Exception {
        Set<String> listed = new HashSet<>();
        try (Keystore ks = open()) {
            for (String key : AWKWARD_KEYS) {
                ks.set(item(key, "payload of " + key));
                listed.add(listedKey(key));
            }
        }
        try (Keystore ks = open()) {
            assertEquals(listed, new HashSet<>(ks.keys()));
            for (String key : AWKWARD_KEYS) {
                assertEquals("payload of " + key, new String(ks.get(key).orElseThrow(() -> new AssertionError(key))
                        .data(), StandardCharsets.UTF_8), key);
            }
            for (String key : AWKWARD_KEYS) {
                assertTrue(ks.remove(key), key);
            }
            assertEquals(List.of(), ks.keys());
        }
    }

    @Test
    void aLargeItemIsStoredWhole() throws Exception {
        // SSO tokens and role sessions run to several kilobytes (over WinCred's 2,560-byte blob, for one)
        StringBuilder big = new StringBuilder("{\"Token\":{\"AccessToken\":\"");
        for (int i = 0; big.length() < 12_000; i++) {
            big.append((char) ('a' + i % 26));
        }
        big.append("\"}}");
        try (Keystore ks = open()) {
            ks.set(item("oidc:https://big.awsapps.com/start", big.toString()));
        }
        try (Keystore ks = open()) {
            assertEquals(big.toString(), new String(ks.get("oidc:https://big.awsapps.com/start").orElseThrow().data(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyByteValueSurvives() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (Keystore ks = open()) {
            ks.set(new KeystoreItem("binary", data, "l", "d", false, false));
            assertArrayEquals(data, ks.get("binary").orElseThrow().data());
        }
    }

    @Test
    void nonAsciiPayloadSurvives() throws Exception {
        String json = "{\"SecretAccessKey\":\"päss/wörd+ключ=\u2603\"}";
        try (Keystore ks = open()) {
            ks.set(item("default", json));
        }
        try (Keystore ks = open()) {
            assertEquals(json, new String(ks.get("default").orElseThrow().data(), StandardCharsets.UTF_8));
        }
    }

    private void assertItem(KeystoreItem expected, KeystoreItem actual) {
        assertEquals(expected.key(), actual.key());
        assertArrayEquals(expected.data(), actual.data());
        if (preservesLabels()) {
            assertEquals(expected.label(), actual.label());
            assertEquals(expected.description(), actual.description());
        }
    }
}
