package dev.awsvault.keystore.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Reading: what Go's {@code json.Unmarshal} into {@code keyring.Item} accepts and how it reads it (the lenient
 * cases were checked with Go 1.19.8), except that content without {@code Data} is refused.
 */
class ItemJsonReadTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeystoreItem decode(String json) {
        return ItemJson.decode(utf8(json), "k");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void readsWhatTheOriginalWrote() {
        assertEquals(ItemJsonWriteTest.ORIGINAL_HOME, ItemJson.decode(utf8(ItemJsonWriteTest.ORIGINAL_HOME_JSON),
                "home"));
    }

    @Test
    void theKeyIsTheOneAskedForNotTheStoredOne() {
        assertEquals("asked", ItemJson.decode(utf8("{\"Key\":\"stored\",\"Data\":\"\"}"), "asked").key());
        assertEquals("asked", ItemJson.decode(utf8("{\"Data\":\"\"}"), "asked").key());
    }

    @Test
    void fieldNamesInAnyCaseAndUnknownFieldsSkipped() {
        KeystoreItem item = decode("{\"kEY\":\"stored\",\"extra\":{\"nested\":[1,{\"a\":null}]},\"data\":\"aGk=\","
                + "\"LABEL\":\"l\",\"description\":\"d\",\"keychainnottrustapplication\":true,"
                + "\"KEYCHAINNOTSYNCHRONIZABLE\":true,\"more\":42}");
        assertEquals(new KeystoreItem("k", utf8("hi"), "l", "d", true, true), item);
    }

    @Test
    void nullLeavesAFieldAsItWasAndTheLastValueWins() {
        KeystoreItem item = decode("{\"key\":\"work\",\"DATA\":\"eyJh\\nIjoxfQ==\",\"Extra\":{\"x\":[1,{}]},"
                + "\"label\":null,\"Description\":\"d\",\"keychainnottrustapplication\":true,"
                + "\"KeychainNotSynchronizable\":null,\"Label\":\"later wins\",\"Description\":null}");
        assertEquals("{\"a\":1}", text(item.data()));
        assertEquals("later wins", item.label());
        assertEquals("d", item.description());
        assertTrue(item.keychainNotTrustApplication());
        assertFalse(item.keychainNotSynchronizable());
        assertEquals(new KeystoreItem("k", new byte[0], "", "", false, false),
                decode("{\"Key\":null,\"Data\":null,\"Label\":null}"));
        // a later null Data empties it, as Go sets the slice to nil
        assertEquals(0, decode("{\"Data\":\"aGk=\",\"data\":null}").data().length);
        assertArrayEquals(utf8("hi"), decode("{\"data\":\"aGk=\",\"LABEL\":\"l\",\"Data\":\"aGk=\"}").data());
    }

    @Test
    void whitespaceAroundTheObjectIsFine() {
        KeystoreItem item = decode(" {\"key\":\"k\",\"DATA\":\"aGk=\\r\\n\",\"label\":null,\"Extra\":{\"x\":[1,2]},"
                + "\"keychainnottrustapplication\":true}\n");
        assertArrayEquals(utf8("hi"), item.data());
        assertEquals("", item.label());
        assertTrue(item.keychainNotTrustApplication());
        assertFalse(item.keychainNotSynchronizable());
    }

    @Test
    void namesFoldAsInGoNotAsInJava() {
        // U+212A KELVIN SIGN folds to k and U+017F LONG S to s in Go, raw or escaped
        assertTrue(decode("{\"Data\":\"\",\"\u212aeychainNotTrustApplication\":true}").keychainNotTrustApplication());
        assertFalse(decode("{\"Data\":\"\",\"KeychainNotSynchronizable\":true,\"KeychainNot\u017fynchronizablE\":false}")
                .keychainNotSynchronizable());
        assertRefused("{\"Data\":\"\",\"\\u212aey\":5}", "its Key is not a string");
        // but only for k and s; Java's equalsIgnoreCase would also take a dotless or dotted i for i
        assertEquals("", decode("{\"Data\":\"\",\"Descr\u0131ption\":\"dotless\"}").description());
        assertEquals("", decode("{\"Data\":\"\",\"DESCR\u0130PTION\":\"dotted\"}").description());
        assertEquals("", decode("{\"Data\":\"\",\"Labe\u212a\":\"x\",\"Label \":\"x\",\"Labe\":\"x\"}").label());
    }

    @Test
    void dataAsBase64AsGoDecodesIt() {
        assertArrayEquals(utf8("hello world"), decode("{\"Data\":\"aGVsbG8g\\r\\nd29ybGQ=\"}").data());
        assertArrayEquals(utf8("hi"), decode("{\"Data\":\"aG\\r\\nk=\"}").data());
        assertArrayEquals(new byte[] {'h'}, decode("{\"Data\":\"aG=\\n=\"}").data());
        assertArrayEquals(utf8("hi"), decode("{\"Data\":\"aGl=\"}").data()); // unused bits are not checked
        assertArrayEquals(new byte[0], decode("{\"Data\":\"\"}").data());
        assertArrayEquals(utf8("hi"), decode("{\"Data\":\"aGk\\u003d\"}").data()); // escapes come first
    }

    @Test
    void dataAsAListOfByteValues() {
        assertArrayEquals(new byte[] {1, 2, (byte) 255}, decode("{\"Data\":[1,2,255]}").data());
        assertArrayEquals(new byte[] {1, 0, (byte) 255}, decode("{\"Data\":[1,null,255]}").data());
        assertArrayEquals(new byte[0], decode("{\"Data\":[]}").data());
        byte[] many = new byte[100];
        StringBuilder json = new StringBuilder("{\"Data\":[");
        for (int i = 0; i < many.length; i++) {
            many[i] = (byte) (i * 7);
            json.append(i == 0 ? "" : ",").append(i * 7 & 0xff);
        }
        assertArrayEquals(many, decode(json.append("]}").toString()).data());
    }

    @Test
    void invalidTextBecomesReplacementCharactersAsInGo() {
        byte[] json = {'{', '"', 'D', 'a', 't', 'a', '"', ':', '"', '"', ',', '"', 'L', 'a', 'b', 'e', 'l', '"', ':',
            '"', 'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x82, 'c', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'd',
            (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"', '}'};
        // each byte that starts no valid sequence is one U+FFFD; a surrogate in UTF-8 is three bad bytes
        assertEquals("a\ufffdb\ufffd\ufffdc\ufffd\ufffd\ufffdd\ud83d\ude00", ItemJson.decode(json, "k").label());
        assertEquals("\ufffdx\ufffd\ud83d\ude00",
                decode("{\"Data\":\"\",\"Label\":\"\\ud800x\\udc00\\ud83d\\ude00\"}").label());
        assertEquals("\u0000", decode("{\"Data\":\"\",\"Label\":\"\\u0000\"}").label());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hunter2-SECRET", "hunter2-SECRET\n", "\"hunter2-SECRET\"", "12345", "[\"hunter2-SECRET\"]",
        "null", " null ", "", "  \n", "{", "[]", "{}", "{\"user\":\"hunter2-SECRET\"}", "{\"Key\":\"SECRET", "{\"Key\":1}",
        "{\"Label\":7}", "{\"Data\":\"aGk=\",\"Key\":7}", "{\"Data\":\"hunter2-SECRET!\"}", "{\"Data\":\"SECRETü\"}",
        "{\"Data\":\"aGk\"}", "{\"Data\":\"aGk==\"}", "{\"Data\":\"aG k=\"}", "{\"Data\":\"-_8=\"}",
        "{\"Data\":\"aGk=aGk=\"}", "{\"Data\":1}", "{\"Data\":true}", "{\"Data\":{}}", "{\"Data\":[256]}",
        "{\"Data\":[1,256]}", "{\"Data\":[-0]}", "{\"Data\":[-1]}", "{\"Data\":[1.0]}", "{\"Data\":[1e2]}",
        "{\"Data\":[\"1\"]}", "{\"Data\":[[1]]}", "{\"Data\":\"aGk=\",\"KeychainNotSynchronizable\":\"hunter2-SECRET\"}",
        "{\"Data\":\"aGk=\",\"KeychainNotTrustApplication\":1}", "{} {}", "{\"Key\":\"k\"} x",
        "{\"Data\":\"aGk=\"} hunter2-SECRET", "{\"Data\":\"\",\"Key\":\"\u0001\"}", "{\"Data\":\"\",\"Key\":\"\\'\"}",
        "\ufeff{\"Data\":\"\"}", "{\"Data\":\"\"}\u000b", "password SECRET"})
    void refusesWhatIsNotAnItemWithoutQuotingIt(String content) {
        KeystoreException e = assertThrows(KeystoreException.class, () -> decode(content));
        assertTrue(e.getMessage().startsWith("not an aws-vault item: "), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(null, e.getCause(), "a parser's exception would quote the content");
    }

    @Test
    void refusalsSayWhy() {
        assertRefused("[\"SECRET\"]", "it is not a JSON object");
        assertRefused("\"SECRET\"", "it is not a JSON object");
        assertRefused("null", "it is not a JSON object");
        assertRefused(" \r\n", "it is empty");
        assertRefused("{\"user\":\"SECRET\"}", "it has no Data field");
        assertRefused("{\"Data\":\"SECRET!\"}", "its Data is not base64");
        assertRefused("{\"Data\":\"SECRETü\"}", "its Data is not base64");
        assertRefused("{\"Data\":\"aGk\"}", "its Data is not base64");
        assertRefused("{\"Data\":[1,256]}", "its Data is not a list of byte values");
        assertRefused("{\"Data\":5}", "its Data is not a base64 string");
        assertRefused("{\"Key\":5}", "its Key is not a string");
        assertRefused("{\"description\":[\"SECRET\"]}", "its Description is not a string");
        assertRefused("{\"KeychainNotSynchronizable\":\"yes\"}", "its KeychainNotSynchronizable is not true or false");
        assertRefused("{} {\"SECRET\":1}", "there is more after the JSON object");
        assertRefused("{\"Key\":\"SECRET", "it is not valid JSON (it ends too early)");
        assertRefused("password SECRET", "it is not valid JSON");
    }

    @Test
    void onlyUtf8IsRead() {
        // Jackson alone would detect UTF-16 and read this; Go sees NUL bytes, which are not JSON
        byte[] utf16 = "{\"Data\":\"aGk=\"}".getBytes(StandardCharsets.UTF_16BE);
        assertEquals("not an aws-vault item: it is not valid JSON",
                assertThrows(KeystoreException.class, () -> ItemJson.decode(utf16, "k")).getMessage());
        // a KWallet password entry: a length, then UTF-16
        byte[] password = {0, 0, 0, 4, 0, 'p', 0, 'w'};
        assertEquals("not an aws-vault item: it is not valid JSON",
                assertThrows(KeystoreException.class, () -> ItemJson.decode(password, "k")).getMessage());
    }

    private static void assertRefused(String json, String why) {
        KeystoreException e = assertThrows(KeystoreException.class, () -> decode(json));
        assertEquals("not an aws-vault item: " + why, e.getMessage());
    }
}
