package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreItem;

class ItemJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesByteForByteAsTheOriginal() {
        assertEquals(OriginalItems.HOME_JSON, new String(ItemJson.encode(
                OriginalItems.credentials("home", OriginalItems.HOME_CREDENTIALS)), StandardCharsets.UTF_8));
        assertEquals(OriginalItems.WORK_ADMIN_JSON, new String(ItemJson.encode(
                OriginalItems.credentials("work/admin", OriginalItems.WORK_ADMIN_CREDENTIALS)),
                StandardCharsets.UTF_8));
    }

    @Test
    void decodesWhatTheOriginalWrote() throws Exception {
        KeystoreItem item = ItemJson.decode("home", utf8(OriginalItems.HOME_JSON));
        assertEquals(OriginalItems.credentials("home", OriginalItems.HOME_CREDENTIALS), item);
    }

    @Test
    void escapesStringsAsGoDoes() {
        assertEquals("\"a\\u003cb\\u003e\\u0026c\"", ItemJson.goString("a<b>&c"));
        assertEquals("\"q\\\"b\\\\\"", ItemJson.goString("q\"b\\"));
        assertEquals("\"\\n\\r\\t\\u0000\\u0008\\u000c\\u001f\"", ItemJson.goString("\n\r\t\0\b\f\u001f"));
        assertEquals("\"\\u2028\\u2029\"", ItemJson.goString("\u2028\u2029"));
        assertEquals("\"\u00fcn\u00ef \ud83d\ude00 \u007f\"", ItemJson.goString("\u00fcn\u00ef \ud83d\ude00 \u007f"));
        assertEquals("\"x\\ufffdy\\ufffd\"", ItemJson.goString("x\ud83dy\ude00"));
    }

    @Test
    void writesNonAsciiAsUtf8AndDataAsPaddedBase64() {
        byte[] json = ItemJson.encode(new KeystoreItem("ключ", new byte[] {(byte) 0xff, 0}, "l<", "", false, true));
        assertEquals("{\"Key\":\"ключ\",\"Data\":\"/wA=\",\"Label\":\"l\\u003c\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}",
                new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void readsLenientlyAsGo() throws Exception {
        KeystoreItem item = ItemJson.decode("k", utf8("{\"data\":\"aGk=\",\"LABEL\":\"l\",\"extra\":{\"x\":[1,2]},"
                + "\"Description\":null,\"keychainnottrustapplication\":true,\"Data\":\"aGk=\"}"));
        assertArrayEquals(utf8("hi"), item.data());
        assertEquals("l", item.label());
        assertEquals("", item.description());
        assertTrue(item.keychainNotTrustApplication());
        assertFalse(item.keychainNotSynchronizable());
        assertArrayEquals(new byte[] {1, (byte) 255}, ItemJson.decode("k", utf8("{\"Data\":[1,255]}")).data());
        assertArrayEquals(utf8("hi"), ItemJson.decode("k", utf8("{\"Data\":\"aG\\r\\nk=\"}")).data());
        assertEquals(0, ItemJson.decode("k", utf8("null")).data().length);
    }

    @Test
    void theReturnedKeyIsTheOneAskedFor() throws Exception {
        assertEquals("asked", ItemJson.decode("asked", utf8("{\"Key\":\"stored\",\"Data\":\"\"}")).key());
    }

    @Test
    void foreignContentIsRejectedWithoutQuotingIt() {
        for (String foreign : new String[] {"hunter2-secret", "", "[\"hunter2-secret\"]", "\"hunter2-secret\"",
                "{\"Data\":\"hunter2-secret!\"}", "{\"Data\":\"aGk=\"} hunter2-secret", "{\"Label\":7}"}) {
            ItemJson.FormatException e = assertThrows(ItemJson.FormatException.class,
                    () -> ItemJson.decode("k", utf8(foreign)), foreign);
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
