package dev.awsvault.backend.file;

import static dev.awsvault.backend.file.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.awsvault.api.keystore.KeystoreItem;

class ItemJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldOrderAndBase64AsGo() {
        KeystoreItem item = new KeystoreItem("k", new byte[] {(byte) 0xfb, (byte) 0xff, 0x00}, "L", "D", false, true);
        assertEquals("{\"Key\":\"k\",\"Data\":\"+/8A\",\"Label\":\"L\",\"Description\":\"D\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}",
                text(ItemJson.encode(item)));
        assertEquals("{\"Key\":\"\",\"Data\":\"\",\"Label\":\"\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}",
                text(ItemJson.encode(new KeystoreItem("", new byte[0], null, null, false, false))));
    }

    @Test
    void escapesStringsAsGoEncodingJson() {
        String key = "a\"b\\c\n\r\t\u0001\u001f<>&\u007f\u00e9\u2028\u2029\ud83d\ude00\ud800x";
        KeystoreItem item = new KeystoreItem(key, new byte[0], "", "", false, false);
        String json = text(ItemJson.encode(item));
        assertTrue(json.startsWith("{\"Key\":\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\\u003c\\u003e\\u0026\u007f\u00e9"
                + "\\u2028\\u2029\ud83d\ude00\\ufffdx\","), json);
    }

    @Test
    void readsCaseInsensitivelyAndIgnoresUnknownFields() throws Exception {
        KeystoreItem item = ItemJson.decode(utf8("{\"kEY\":\"k\",\"extra\":{\"nested\":[1,{\"a\":null}]},"
                + "\"data\":\"aGk=\",\"LABEL\":\"l\",\"description\":\"d\",\"keychainnottrustapplication\":true,"
                + "\"KEYCHAINNOTSYNCHRONIZABLE\":true,\"more\":42}"));
        assertEquals(new KeystoreItem("k", utf8("hi"), "l", "d", true, true), item);
    }

    @Test
    void nullAndMissingFieldsAreEmpty() throws Exception {
        assertEquals(new KeystoreItem("", new byte[0], "", "", false, false),
                ItemJson.decode(utf8("{\"Key\":null,\"Data\":null,\"Label\":null}")));
        assertEquals(new KeystoreItem("", new byte[0], "", "", false, false), ItemJson.decode(utf8(" null ")));
    }

    @Test
    void dataAsByteArrayOrWithLineBreaks() throws Exception {
        assertArrayEquals(new byte[] {1, 2, (byte) 255}, ItemJson.decode(utf8("{\"Data\":[1,2,255]}")).data());
        assertArrayEquals(utf8("hello world"), ItemJson.decode(utf8("{\"Data\":\"aGVsbG8g\\r\\nd29ybGQ=\"}")).data());
    }

    @Test
    void roundTripsArbitraryItems() throws Exception {
        byte[] data = new byte[300];
        new java.util.Random(1).nextBytes(data);
        KeystoreItem item = new KeystoreItem("sts.GetSessionToken,d29yaw,,1685001234", data,
                "aws-vault session for work (expires 2023-05-25T07:30:06Z)", "aws-vault session", false, false);
        assertEquals(item, ItemJson.decode(ItemJson.encode(item)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "\"s\"", "{\"Key\":1}", "{\"Data\":\"not base64!\"}",
            "{\"Data\":[256]}", "{\"KeychainNotSynchronizable\":\"yes\"}", "{} {}", "{\"Key\":\"k\"} x"})
    void refusesMalformedItemsWithoutQuotingThem(String json) {
        ItemJson.FormatException e = assertThrows(ItemJson.FormatException.class, () -> ItemJson.decode(utf8(json)));
        assertFalse(e.getMessage().contains("base64!"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
