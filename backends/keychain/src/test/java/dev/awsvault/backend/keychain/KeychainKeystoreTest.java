package dev.awsvault.backend.keychain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/** The keystore's queries and its handling of each OSStatus, against {@link FakeKeychainServices}. */
class KeychainKeystoreTest {
    private static final String FILE = "aws-vault.keychain";
    private static final String CREDS = "{\"AccessKeyID\":\"AKIAEXAMPLE\",\"SecretAccessKey\":\"s3cr3t\"}";

    private final FakeKeychainServices fake = new FakeKeychainServices().withKeychain(FILE);
    private final KeychainKeystore keystore = new KeychainKeystore(() -> fake, FILE);

    private static KeystoreItem longTerm(String profile) {
        return new KeystoreItem(profile, CREDS.getBytes(StandardCharsets.UTF_8), "aws-vault (" + profile + ")", "",
                true, false);
    }

    private static KeystoreItem session(String key, String payload) {
        return new KeystoreItem(key, payload.getBytes(StandardCharsets.UTF_8),
                "aws-vault session for work (expires 2026-11-28T10:00:00Z)", "aws-vault session", false, false);
    }

    @Test
    void keychainNamesMapToKeychainFiles() {
        assertEquals("aws-vault.keychain", KeychainKeystore.keychainPath("aws-vault"));
        assertEquals("work.keychain", KeychainKeystore.keychainPath("work"));
        // as the original: the name is used verbatim, even when it already ends in .keychain
        assertEquals("x.keychain.keychain", KeychainKeystore.keychainPath("x.keychain"));
        assertNull(KeychainKeystore.keychainPath(""), "empty name: the default keychain search list");
    }

    @Test
    void longTermCredentialsAreAddedInTheOriginalLayoutAndTrustNoApplication() throws Exception {
        keystore.set(longTerm("work"));

        SecQuery add = fake.calls("add").get(0).query();
        assertEquals(Map.of(
                SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD,
                SecAttribute.SERVICE, "aws-vault",
                SecAttribute.ACCOUNT, "work",
                SecAttribute.LABEL, "aws-vault (work)",
                SecAttribute.ACCESS, new SecQuery.Access("aws-vault (work)", true),
                SecAttribute.USE_KEYCHAIN, new SecQuery.Keychain(FILE)),
                withoutData(add));
        assertArrayEquals(CREDS.getBytes(StandardCharsets.UTF_8), (byte[]) add.get(SecAttribute.VALUE_DATA),
                "raw payload, not Item-JSON");
        assertFalse(add.has(SecAttribute.DESCRIPTION), "an empty description is left out, as the original does");
        assertEquals(List.of("keychainStatus:" + FILE, "add"),
                fake.calls().stream().map(FakeKeychainServices.Call::operation).toList());
    }

    @Test
    void sessionsKeepTheDefaultAclThatTrustsTheCreatingProgram() throws Exception {
        keystore.set(session("sts.GetSessionToken,d29yaw,,1685001234", "{}"));

        FakeKeychainServices.Stored stored = fake.item(FILE, "sts.GetSessionToken,d29yaw,,1685001234");
        assertEquals(new SecQuery.Access("aws-vault session for work (expires 2026-11-28T10:00:00Z)", false),
                stored.access);
        assertEquals("aws-vault session", stored.description);
        assertEquals("aws-vault", stored.service);
    }

    @Test
    void nothingIsMarkedSynchronizableOrGivenAnAccessibility() throws Exception {
        keystore.set(new KeystoreItem("k", new byte[] {1}, "l", "d", false, true));
        // SecAttribute has no synchronizable or accessible key at all: the original leaves both at their defaults
        assertEquals(List.of(), List.of(SecAttribute.values()).stream().map(SecAttribute::symbol)
                .filter(s -> s.contains("Synchronizable") || s.contains("Accessible")).toList());
        assertTrue(fake.calls("add").get(0).query().has(SecAttribute.DESCRIPTION));
    }

    @Test
    void getAsksForOneItemWithAttributesAndDataInTheNamedKeychain() throws Exception {
        keystore.set(session("work", "payload"));
        fake.clearCalls();

        KeystoreItem item = keystore.get("work").orElseThrow();

        assertEquals(Map.of(
                SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD,
                SecAttribute.SERVICE, "aws-vault",
                SecAttribute.ACCOUNT, "work",
                SecAttribute.MATCH_SEARCH_LIST, new SecQuery.Keychain(FILE),
                SecAttribute.MATCH_LIMIT, SecConstant.MATCH_LIMIT_ONE,
                SecAttribute.RETURN_ATTRIBUTES, true,
                SecAttribute.RETURN_DATA, true),
                fake.calls("copyMatching").get(0).query().entries());
        assertEquals("work", item.key());
        assertEquals("payload", new String(item.data(), StandardCharsets.UTF_8));
        assertEquals("aws-vault session for work (expires 2026-11-28T10:00:00Z)", item.label());
        assertEquals("aws-vault session", item.description());
    }

    @Test
    void keysListsTheAccountsOfTheServiceInThatKeychainOnly() throws Exception {
        keystore.set(longTerm("work"));
        keystore.set(longTerm("home"));
        FakeKeychainServices.Stored other = new FakeKeychainServices.Stored();
        other.service = "some-other-app";
        other.account = "not-ours";
        other.data = new byte[0];
        fake.items(FILE).add(other);
        new KeychainKeystore(() -> fake, null).set(longTerm("in-login-keychain"));
        fake.clearCalls();

        assertEquals(List.of("work", "home"), keystore.keys());
        assertEquals(Map.of(
                SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD,
                SecAttribute.SERVICE, "aws-vault",
                SecAttribute.MATCH_SEARCH_LIST, new SecQuery.Keychain(FILE),
                SecAttribute.MATCH_LIMIT, SecConstant.MATCH_LIMIT_ALL,
                SecAttribute.RETURN_ATTRIBUTES, true),
                fake.calls("copyMatching").get(0).query().entries());
    }

    @Test
    void anEmptyKeychainNameUsesTheDefaultSearchList() throws Exception {
        KeychainKeystore defaultList = new KeychainKeystore(() -> fake, null);
        defaultList.set(longTerm("work"));
        defaultList.get("work");
        defaultList.keys();
        defaultList.remove("work");

        assertEquals(List.of("add", "copyMatching", "copyMatching", "delete"),
                fake.calls().stream().map(FakeKeychainServices.Call::operation).toList(), "no keychain status check");
        for (FakeKeychainServices.Call call : fake.calls()) {
            assertFalse(call.query().has(SecAttribute.MATCH_SEARCH_LIST), call.toString());
            assertFalse(call.query().has(SecAttribute.USE_KEYCHAIN), call.toString());
        }
        assertEquals(0, fake.items(FakeKeychainServices.DEFAULT_KEYCHAIN).size());
    }

    @Test
    void theKeychainFileIsCreatedOnTheFirstWriteOnly() throws Exception {
        FakeKeychainServices empty = new FakeKeychainServices();
        KeychainKeystore ks = new KeychainKeystore(() -> empty, FILE);

        assertEquals(List.of(), ks.keys());
        assertEquals(Optional.empty(), ks.get("work"));
        assertFalse(ks.remove("work"));
        assertFalse(empty.hasKeychain(FILE), "reads never create the keychain");

        ks.set(longTerm("work"));
        assertTrue(empty.hasKeychain(FILE));
        assertEquals(List.of("work"), ks.keys());
        assertEquals(1, empty.calls("createKeychain:" + FILE).size());
    }

    @Test
    void aCanceledKeychainPasswordDialogFailsTheWriteWithOneLine() {
        FakeKeychainServices empty = new FakeKeychainServices();
        empty.createStatus = OsStatus.USER_CANCELED;
        KeychainKeystore ks = new KeychainKeystore(() -> empty, FILE);

        KeystoreException e = assertThrows(KeystoreException.class, () -> ks.set(longTerm("work")));
        assertEquals("macOS keychain \"aws-vault.keychain\": creating the keychain failed: "
                + "the request was canceled by the user (OSStatus -128)", e.getMessage());
        assertTrue(empty.calls("add").isEmpty());
    }

    @Test
    void aKeychainCreatedMeanwhileByAnotherProcessIsFine() throws Exception {
        FakeKeychainServices racing = new FakeKeychainServices();
        racing.failNext("keychainStatus", OsStatus.NO_SUCH_KEYCHAIN);
        racing.withKeychain(FILE); // exists by the time we try to create it
        new KeychainKeystore(() -> racing, FILE).set(longTerm("work"));
        assertEquals(1, racing.items(FILE).size());
    }

    @Test
    void anExistingItemIsUpdatedInPlace() throws Exception {
        keystore.set(longTerm("work"));
        fake.clearCalls();

        keystore.set(session("work", "second"));

        assertEquals(List.of("keychainStatus:" + FILE, "add", "update"),
                fake.calls().stream().map(FakeKeychainServices.Call::operation).toList());
        FakeKeychainServices.Call update = fake.calls("update").get(0);
        assertEquals(Map.of(
                SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD,
                SecAttribute.SERVICE, "aws-vault",
                SecAttribute.ACCOUNT, "work",
                SecAttribute.MATCH_SEARCH_LIST, new SecQuery.Keychain(FILE)), update.query().entries());
        assertEquals(List.of(SecAttribute.LABEL, SecAttribute.DESCRIPTION, SecAttribute.VALUE_DATA).stream()
                .sorted().toList(), update.changes().entries().keySet().stream().toList());
        FakeKeychainServices.Stored stored = fake.item(FILE, "work");
        assertEquals("second", new String(stored.data, StandardCharsets.UTF_8));
        assertEquals("aws-vault session", stored.description);
        assertEquals(1, fake.items(FILE).size());
    }

    @Test
    void anItemRemovedBetweenAddAndUpdateIsAddedAgain() throws Exception {
        keystore.set(longTerm("work"));
        fake.failNext("add", OsStatus.DUPLICATE_ITEM);
        fake.items(FILE).clear();
        fake.clearCalls();

        keystore.set(longTerm("work"));

        assertEquals(List.of("keychainStatus:" + FILE, "add", "update", "add"),
                fake.calls().stream().map(FakeKeychainServices.Call::operation).toList());
        assertEquals(1, fake.items(FILE).size());
    }

    @Test
    void removeReportsWhetherThereWasAnItem() throws Exception {
        keystore.set(longTerm("work"));
        keystore.set(longTerm("home"));

        assertTrue(keystore.remove("work"));
        assertFalse(keystore.remove("work"));
        assertEquals(List.of("home"), keystore.keys());
        assertEquals(Map.of(
                SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD,
                SecAttribute.SERVICE, "aws-vault",
                SecAttribute.ACCOUNT, "work",
                SecAttribute.MATCH_SEARCH_LIST, new SecQuery.Keychain(FILE)),
                fake.calls("delete").get(0).query().entries());
    }

    @Test
    void failuresAreOneLineWithTheActionAndTheStatus() throws Exception {
        keystore.set(longTerm("work"));

        fake.failNext("copyMatching", OsStatus.USER_CANCELED);
        assertEquals("macOS keychain \"aws-vault.keychain\": reading \"work\" failed: "
                + "the request was canceled by the user (OSStatus -128)",
                assertThrows(KeystoreException.class, () -> keystore.get("work")).getMessage());

        fake.failNext("copyMatching", OsStatus.INTERACTION_NOT_ALLOWED);
        assertEquals("macOS keychain \"aws-vault.keychain\": listing items failed: user interaction is not allowed "
                + "(no login session to show the keychain prompt?) (OSStatus -25308)",
                assertThrows(KeystoreException.class, keystore::keys).getMessage());

        fake.failNext("add", OsStatus.AUTH_FAILED);
        assertEquals("macOS keychain \"aws-vault.keychain\": storing \"work\" failed: "
                + "the keychain password was not correct (OSStatus -25293)",
                assertThrows(KeystoreException.class, () -> keystore.set(longTerm("work"))).getMessage());

        fake.failNext("delete", -67808);
        assertEquals("macOS keychain \"aws-vault.keychain\": removing \"work\" failed: OSStatus -67808",
                assertThrows(KeystoreException.class, () -> keystore.remove("work")).getMessage());

        fake.failNext("keychainStatus", -2070);
        assertEquals("macOS keychain \"aws-vault.keychain\": opening the keychain failed: OSStatus -2070",
                assertThrows(KeystoreException.class, () -> keystore.set(longTerm("work"))).getMessage());

        assertEquals("macOS default keychain: listing items failed: OSStatus -1",
                KeychainKeystore.failure(null, "listing items", -1));
    }

    @Test
    void errorMessagesNeverContainThePayload() {
        fake.failNext("add", -34018);
        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.set(longTerm("work")));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void everyStatusHasItsDescription() {
        assertEquals("the item could not be found (OSStatus -25300)", OsStatus.describe(-25300));
        assertEquals("the item already exists (OSStatus -25299)", OsStatus.describe(-25299));
        assertEquals("the keychain password was not correct (OSStatus -25293)", OsStatus.describe(-25293));
        assertEquals("the request was canceled by the user (OSStatus -128)", OsStatus.describe(-128));
        assertEquals("the keychain does not exist (OSStatus -25294)", OsStatus.describe(-25294));
        assertEquals("user interaction is not allowed (no login session to show the keychain prompt?) "
                + "(OSStatus -25308)", OsStatus.describe(-25308));
        assertEquals("OSStatus -25291", OsStatus.describe(-25291));
    }

    @Test
    void theNativeBridgeIsLoadedOnFirstUseOnly() throws Exception {
        int[] loads = {0};
        KeychainKeystore lazy = new KeychainKeystore(() -> {
            loads[0]++;
            return fake;
        }, FILE);
        assertEquals(0, loads[0]);
        lazy.keys();
        lazy.keys();
        assertEquals(1, loads[0]);
    }

    @Test
    void secQueryChecksValueTypesAndHidesData() {
        SecQuery query = new SecQuery().put(SecAttribute.VALUE_DATA, "secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("{kSecValueData=<6 bytes>}", query.toString());
        assertThrows(IllegalArgumentException.class, () -> new SecQuery().put(SecAttribute.ACCOUNT, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SecQuery().put(SecAttribute.MATCH_LIMIT, "kSecMatchLimitOne"));
    }

    private static Map<SecAttribute, Object> withoutData(SecQuery query) {
        Map<SecAttribute, Object> entries = new java.util.EnumMap<>(query.entries());
        entries.remove(SecAttribute.VALUE_DATA);
        return entries;
    }
}
