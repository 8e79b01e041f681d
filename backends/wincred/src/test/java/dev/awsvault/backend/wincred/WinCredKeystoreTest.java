package dev.awsvault.backend.wincred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/** The whole keystore, splitting included, against {@link FakeCredentialManager}. */
class WinCredKeystoreTest {
    private static final String HEAD = "aws-vault:aws-vault:";
    private static final String PART = "aws-vault:aws-vault-part:";

    private final FakeCredentialManager fake = new FakeCredentialManager();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final WinCredKeystore keystore = keystore(1);

    private WinCredKeystore keystore(long seed) {
        return new WinCredKeystore(() -> fake, "aws-vault", clock, new Random(seed));
    }

    private static byte[] payload(int size, int seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static KeystoreItem item(String key, byte[] data) {
        return new KeystoreItem(key, data, "aws-vault (" + key + ")", "ignored", true, false);
    }

    private byte[] read(String key) throws KeystoreException {
        return keystore.get(key).orElseThrow(() -> new AssertionError("no " + key)).data();
    }

    private Set<String> targets() {
        return new HashSet<>(fake.store().keySet());
    }

    private Set<String> parts() {
        return fake.store().keySet().stream().filter(t -> t.startsWith(PART)).collect(Collectors.toSet());
    }

    /** What the original's Keys() lists: every target with its prefix (it enumerates all and filters). */
    private List<String> originalKeys() {
        return fake.store().keySet().stream().filter(t -> t.startsWith(HEAD)).map(t -> t.substring(HEAD.length()))
                .toList();
    }

    @Test
    void aSmallItemIsExactlyTheOriginalsCredential() throws Exception {
        byte[] creds = "{\"AccessKeyID\":\"AKIAEXAMPLE\"}".getBytes(StandardCharsets.UTF_8);
        keystore.set(item("default", creds));

        assertEquals(Set.of("aws-vault:aws-vault:default"), targets());
        Credential stored = fake.store().get("aws-vault:aws-vault:default");
        assertArrayEquals(creds, stored.blob(), "raw payload");
        assertEquals(List.of(), stored.attributes(), "no label, description or parts header");
        KeystoreItem back = keystore.get("default").orElseThrow();
        assertArrayEquals(creds, back.data());
        assertEquals("", back.label());
    }

    @Test
    void anItemOfExactlyTheBlobLimitIsStillOneCredential() throws Exception {
        byte[] data = payload(2560, 1);
        keystore.set(item("edge", data));
        assertEquals(Set.of(HEAD + "edge"), targets());
        assertArrayEquals(data, fake.store().get(HEAD + "edge").blob());
    }

    @Test
    void oneByteMoreSplitsIntoAHeadAndOnePart() throws Exception {
        byte[] data = payload(2561, 2);
        keystore.set(item("edge", data));

        Credential head = fake.store().get(HEAD + "edge");
        assertArrayEquals(Arrays.copyOf(data, 2560), head.blob(), "the head keeps the first 2,560 bytes");
        PartsHeader header = PartsHeader.of(head);
        assertEquals(2, header.parts());
        assertEquals(2561, header.size());
        assertEquals(PartsHeader.sha256(data), header.sha256());
        assertEquals(List.of(PART + header.generation() + ":1:edge"), List.copyOf(parts()));
        assertArrayEquals(new byte[] {data[2560]}, fake.store().get(PART + header.generation() + ":1:edge").blob());
        assertArrayEquals(data, read("edge"));
    }

    @Test
    void aBigItemRoundTripsAndItsPartsAreListedByNobody() throws Exception {
        byte[] sso = payload(12_345, 3);
        keystore.set(item("oidc:https://big.awsapps.com/start", sso));
        keystore.set(item("work", "w".getBytes(StandardCharsets.UTF_8)));

        assertArrayEquals(sso, read("oidc:https://big.awsapps.com/start"));
        assertEquals(Set.of("oidc:https://big.awsapps.com/start", "work"), new HashSet<>(keystore.keys()));
        assertEquals(Set.of("oidc:https://big.awsapps.com/start", "work"), new HashSet<>(originalKeys()));
        assertEquals(4, parts().size(), "12,345 bytes: head + 4 parts");
        for (String part : parts()) {
            assertFalse(part.startsWith(HEAD), "parts must stay out of the original's prefix: " + part);
        }
        for (Credential credential : fake.store().values()) {
            assertTrue(credential.blob().length <= 2560);
        }
    }

    @Test
    void keysEnumeratesWithThePrefixFilterAndStripsIt() throws Exception {
        assertEquals(List.of(), keystore.keys(), "ERROR_NOT_FOUND means none");
        keystore.set(item("work/admin", new byte[] {1}));
        fake.store().put("AWS-VAULT:aws-vault:Shouty", new Credential("AWS-VAULT:aws-vault:Shouty", new byte[] {2}));
        fake.store().put("aws-vault:other:x", new Credential("aws-vault:other:x", new byte[] {3}));
        fake.clearLog();

        assertEquals(Set.of("work/admin", "Shouty"), new HashSet<>(keystore.keys()));
        assertEquals(List.of("enumerate:aws-vault:aws-vault:*"), fake.log());
    }

    @Test
    void targetNamesIgnoreCaseAsWindowsDoes() throws Exception {
        keystore.set(item("Work", "first".getBytes(StandardCharsets.UTF_8)));
        keystore.set(item("work", "second".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("work"), keystore.keys());
        assertEquals("second", new String(read("WORK"), StandardCharsets.UTF_8));
    }

    @Test
    void replacingABigItemByASmallOneRemovesItsParts() throws Exception {
        keystore.set(item("sso", payload(6000, 4)));
        assertEquals(2, parts().size());

        keystore.set(item("sso", "small".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Set.of(HEAD + "sso"), targets());
        assertEquals(List.of(), fake.store().get(HEAD + "sso").attributes());
        assertEquals("small", new String(read("sso"), StandardCharsets.UTF_8));
    }

    @Test
    void replacingASmallItemByABigOne() throws Exception {
        keystore.set(item("sso", "small".getBytes(StandardCharsets.UTF_8)));
        byte[] big = payload(6000, 5);
        keystore.set(item("sso", big));
        assertArrayEquals(big, read("sso"));
        assertEquals(2, parts().size());
    }

    @Test
    void replacingABigItemByAnotherUsesNewPartsAndRemovesTheOldOnes() throws Exception {
        keystore.set(item("sso", payload(9000, 6)));
        Set<String> before = parts();
        byte[] second = payload(5200, 7);

        keystore.set(item("sso", second));

        Set<String> after = parts();
        assertEquals(2, after.size());
        assertTrue(after.stream().noneMatch(before::contains), "a new generation: " + before + " " + after);
        assertArrayEquals(second, read("sso"));
    }

    @Test
    void removingABigItemRemovesItsParts() throws Exception {
        keystore.set(item("sso", payload(9000, 8)));
        keystore.set(item("other", payload(3000, 9)));

        assertTrue(keystore.remove("sso"));
        assertFalse(keystore.remove("sso"));

        assertEquals(Optional.empty(), keystore.get("sso"));
        assertEquals(List.of("other"), keystore.keys());
        assertEquals(1, parts().size(), "only the other item's part is left");
    }

    @Test
    void aFailedPartWriteLeavesTheOldItemAndNoParts() throws Exception {
        byte[] old = payload(7000, 10);
        keystore.set(item("sso", old));
        Set<String> oldTargets = targets();
        fake.failAfter("write:" + PART, 1, 1783); // the second of the new item's three part writes fails

        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.set(item("sso", payload(9000, 11))));

        assertEquals("Windows Credential Manager: storing \"sso\" failed (error 1783)", e.getMessage());
        assertEquals(oldTargets, targets(), "the old item whole, no new parts left behind");
        assertArrayEquals(old, read("sso"));
    }

    @Test
    void aFailedHeadWriteLeavesTheOldItemAndRemovesTheNewParts() throws Exception {
        keystore.set(item("sso", "old".getBytes(StandardCharsets.UTF_8)));
        fake.failNext("write:" + HEAD, 5);

        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.set(item("sso", payload(9000, 12))));

        assertEquals("Windows Credential Manager: storing \"sso\" failed (error 5)", e.getMessage());
        assertEquals(Set.of(HEAD + "sso"), targets());
        assertEquals("old", new String(read("sso"), StandardCharsets.UTF_8));
    }

    @Test
    void partsAreWrittenBeforeTheHeadAndOldPartsRemovedAfterIt() throws Exception {
        keystore.set(item("sso", payload(6000, 13))); // head + 2 parts
        Set<String> oldParts = parts();
        fake.clearLog();

        keystore.set(item("sso", payload(6000, 14)));

        List<String> writesAndDeletes = fake.log().stream()
                .filter(e -> e.startsWith("write:") || e.startsWith("delete:")).toList();
        assertEquals(5, writesAndDeletes.size(), writesAndDeletes.toString());
        assertTrue(writesAndDeletes.get(0).startsWith("write:" + PART));
        assertTrue(writesAndDeletes.get(1).startsWith("write:" + PART));
        assertEquals("write:" + HEAD + "sso", writesAndDeletes.get(2));
        assertEquals(oldParts.stream().map(p -> "delete:" + p).collect(Collectors.toSet()),
                Set.copyOf(writesAndDeletes.subList(3, 5)));
    }

    @Test
    void leftOversOfACrashedWriteAreInvisibleAndCollectedWhenOld() throws Exception {
        keystore.set(item("sso", "live".getBytes(StandardCharsets.UTF_8)));
        String crashed = PartsHeader.generation(clock.instant().getEpochSecond(), 42);
        String leftOver = PART + crashed + ":1:sso";
        fake.store().put(leftOver, new Credential(leftOver, payload(2560, 15)));

        assertEquals(List.of("sso"), keystore.keys());
        assertEquals("live", new String(read("sso"), StandardCharsets.UTF_8));

        keystore.set(item("unrelated", new byte[] {1}));
        assertTrue(fake.store().containsKey(leftOver), "young: it may be a write under way");

        clock.advance(WinCredKeystore.ORPHAN_AGE);
        keystore.set(item("unrelated", new byte[] {2}));
        assertFalse(fake.store().containsKey(leftOver), "old and unreferenced: collected");
    }

    @Test
    void theLivePartsOfAnotherItemAreNeverCollected() throws Exception {
        byte[] big = payload(8000, 16);
        keystore.set(item("sso", big));
        clock.advance(Duration.ofDays(30));

        keystore.set(item("unrelated", new byte[] {1}));
        keystore.remove("unrelated");

        assertArrayEquals(big, read("sso"));
        assertEquals(3, parts().size());
    }

    @Test
    void partsOfAHeadTheOriginalReplacedOrRemovedAreCollectedWhenOld() throws Exception {
        keystore.set(item("sso", payload(6000, 17)));
        keystore.set(item("gone", payload(6000, 18)));
        // the original overwrites one head with a small credential and deletes the other: their parts stay behind
        fake.store().put(HEAD + "sso", new Credential(HEAD + "sso", "from-go".getBytes(StandardCharsets.UTF_8)));
        fake.store().remove(HEAD + "gone");

        assertEquals("from-go", new String(read("sso"), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), keystore.get("gone"));
        assertEquals(List.of("sso"), keystore.keys());

        clock.advance(WinCredKeystore.ORPHAN_AGE.plusSeconds(1));
        keystore.set(item("other", new byte[] {1}));
        assertEquals(Set.of(), parts());
    }

    @Test
    void aReaderRacingAWriterReadsTheNewItem() throws Exception {
        keystore.set(item("sso", payload(6000, 19)));
        byte[] newer = payload(7000, 20);
        WinCredKeystore writer = keystore(99);
        // just before the reader fetches the first part, another process replaces the item (and drops old parts)
        fake.beforeNextRead(PART, target -> {
            try {
                writer.set(item("sso", newer));
            } catch (KeystoreException e) {
                throw new AssertionError(e);
            }
        });

        assertArrayEquals(newer, read("sso"));
    }

    @Test
    void aMissingPartIsReportedNotGuessed() throws Exception {
        keystore.set(item("sso", payload(6000, 21)));
        fake.store().remove(parts().iterator().next());

        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.get("sso"));
        assertEquals("Windows Credential Manager: \"sso\" is damaged (a part is missing); store it again or remove it",
                e.getMessage());
        keystore.set(item("sso", "fresh".getBytes(StandardCharsets.UTF_8)));
        assertEquals("fresh", new String(read("sso"), StandardCharsets.UTF_8));
    }

    @Test
    void aChangedPartIsDetected() throws Exception {
        keystore.set(item("sso", payload(6000, 22)));
        String part = parts().stream().sorted().findFirst().orElseThrow();
        byte[] blob = fake.store().get(part).blob();
        blob[0] ^= 1;
        fake.store().put(part, new Credential(part, blob));

        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.get("sso"));
        assertTrue(e.getMessage().contains("its parts do not add up"), e.getMessage());
    }

    @Test
    void anUnreadablePartsHeaderIsReported() throws Exception {
        fake.store().put(HEAD + "x", new Credential(HEAD + "x", new byte[2560],
                List.of(new Credential.Attribute(PartsHeader.KEYWORD, "v2 whatever".getBytes(StandardCharsets.UTF_8)))));
        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.get("x"));
        assertEquals("Windows Credential Manager: \"x\" is damaged (its parts header is unreadable); "
                + "store it again or remove it", e.getMessage());
    }

    @Test
    void aHeaderBesideABlobThatIsNoFirstChunkIsStaleAndIgnored() throws Exception {
        keystore.set(item("sso", payload(6000, 23)));
        Credential head = fake.store().get(HEAD + "sso");
        // a writer that keeps attributes but replaces the blob with a small payload
        fake.store().put(HEAD + "sso", new Credential(HEAD + "sso", "small".getBytes(StandardCharsets.UTF_8),
                head.attributes()));

        assertEquals("small", new String(read("sso"), StandardCharsets.UTF_8));
        clock.advance(WinCredKeystore.ORPHAN_AGE);
        keystore.set(item("other", new byte[] {1}));
        assertEquals(Set.of(), parts(), "its old parts are garbage");
    }

    @Test
    void otherAttributesDoNotMakeAnItemSplit() throws Exception {
        fake.store().put(HEAD + "x", new Credential(HEAD + "x", new byte[] {7},
                List.of(new Credential.Attribute("something-else", new byte[] {1}))));
        assertArrayEquals(new byte[] {7}, read("x"));
    }

    @Test
    void win32FailuresAreOneLineWithTheCode() throws Exception {
        keystore.set(item("work", new byte[] {1}));

        fake.failNext("read:" + HEAD + "work", 5);
        assertEquals("Windows Credential Manager: reading \"work\" failed (error 5)",
                assertThrows(KeystoreException.class, () -> keystore.get("work")).getMessage());

        fake.failNext("enumerate:" + HEAD, 1312);
        assertEquals("Windows Credential Manager: listing credentials failed (error 1312)",
                assertThrows(KeystoreException.class, keystore::keys).getMessage());

        fake.failNext("delete:" + HEAD + "work", 5);
        assertEquals("Windows Credential Manager: removing \"work\" failed (error 5)",
                assertThrows(KeystoreException.class, () -> keystore.remove("work")).getMessage());

        fake.failNext("write:" + HEAD + "work", 1783);
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> keystore.set(item("work", "s3cr3t".getBytes(StandardCharsets.UTF_8))));
        assertEquals("Windows Credential Manager: storing \"work\" failed (error 1783)", e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"));
        assertArrayEquals(new byte[] {1}, read("work"));
    }

    @Test
    void anEmptyPayloadIsStored() throws Exception {
        keystore.set(item("empty", new byte[0]));
        assertArrayEquals(new byte[0], read("empty"));
    }

    @Test
    void theFakeRefusesWhatWindowsRefuses() {
        Win32Error tooBig = assertThrows(Win32Error.class,
                () -> fake.write(new Credential(HEAD + "x", new byte[2561])));
        assertEquals(Win32Error.RPC_X_BAD_STUB_DATA, tooBig.code());
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER,
                assertThrows(Win32Error.class, () -> fake.write(new Credential("", new byte[1]))).code());
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER,
                assertThrows(Win32Error.class, () -> fake.enumerate("a*b")).code());
        assertEquals(Win32Error.ERROR_NOT_FOUND, assertThrows(Win32Error.class, () -> fake.read("nothing")).code());
    }

    @Test
    void theNativeBridgeIsLoadedOnFirstUseOnly() throws Exception {
        int[] loads = {0};
        WinCredKeystore lazy = new WinCredKeystore(() -> {
            loads[0]++;
            return fake;
        });
        assertEquals(0, loads[0]);
        lazy.keys();
        lazy.get("x");
        assertEquals(1, loads[0]);
    }

    @Test
    void partNamesParseBackAndStrangersAreIgnored() {
        WinCredKeystore.PartName name = WinCredKeystore.PartName.parse(
                PART + "0123456789abcdef:12:oidc:https://h/start", PART);
        assertEquals(new WinCredKeystore.PartName("0123456789abcdef", 12, "oidc:https://h/start"), name);
        assertNull(WinCredKeystore.PartName.parse(PART + "nothex:1:k", PART));
        assertNull(WinCredKeystore.PartName.parse(PART + "0123456789abcdef:x:k", PART));
        assertNull(WinCredKeystore.PartName.parse(HEAD + "k", PART));
        assertNotEquals(keystore.headName("k"), keystore.partName("0123456789abcdef", 1, "k"));
    }

    @Test
    void headersFormatAndParse() throws Exception {
        String generation = PartsHeader.generation(Instant.parse("2026-11-28T10:00:00Z").getEpochSecond(), -1);
        assertEquals(String.format("%08x", Instant.parse("2026-11-28T10:00:00Z").getEpochSecond()) + "ffffffff",
                generation);
        assertEquals(Instant.parse("2026-11-28T10:00:00Z").getEpochSecond(), PartsHeader.createdAt(generation));
        PartsHeader header = PartsHeader.describe(generation, new byte[6000], 2560);
        assertEquals(3, header.parts());
        assertEquals(header, PartsHeader.parse(header.format()));
        assertTrue(header.format().length() < FakeCredentialManager.MAX_VALUE);
        assertThrows(PartsHeader.MalformedException.class, () -> PartsHeader.parse(header.format() + " "));
        assertThrows(PartsHeader.MalformedException.class,
                () -> PartsHeader.parse(header.format().replace("parts=3", "parts=1")));
    }
}
