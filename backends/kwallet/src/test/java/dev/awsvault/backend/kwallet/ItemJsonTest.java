package dev.awsvault.backend.kwallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreItem;

/** Item-JSON as Go's encoding/json (Go 1.20, what aws-vault v7.2.0 is built with) writes and reads it. */
class ItemJsonTest {

    private static String encode(KeystoreItem item) {
        return new String(ItemJson.encode(item), StandardCharsets.UTF_8);
    }

    private static KeystoreItem decode(String json) throws ItemJson.NotAnItemException {
        return ItemJson.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsInGoOrderWithStandardPaddedBase64() {
        KeystoreItem item = new KeystoreItem("work", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "aws-vault (work)", "", true, false);
        assertEquals("{\"Key\":\"work\",\"Data\":\"eyJhIjoxfQ==\",\"Label\":\"aws-vault (work)\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}", encode(item));
    }

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        // HTML-safe <>&, lower-case hex, backspace and form feed as hex escapes (Go before 1.22), U+2028/9 escaped
        KeystoreItem item = new KeystoreItem("a\"b\\c", new byte[0],
                "<tag> & \u2028\u2029 \u0001\b\f\n\r\t\u007f é 😀 \uD800x", "oidc:https://x.awsapps.com/start?a=1",
                false, true);
        assertEquals("{\"Key\":\"a\\\"b\\\\c\",\"Data\":\"\",\"Label\":\"\\u003ctag\\u003e \\u0026 \\u2028\\u2029 "
                + "\\u0001\\u0008\\u000c\\n\\r\\t\u007f é 😀 \\ufffdx\",\"Description\":"
                + "\"oidc:https://x.awsapps.com/start?a=1\",\"KeychainNotTrustApplication\":false,"
                + "\"KeychainNotSynchronizable\":true}", encode(item));
    }

    @Test
    void everyByteValueRoundTrips() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        KeystoreItem item = new KeystoreItem("k", data, "l <&>", "d ü", true, true);
        assertEquals(item, ItemJson.decode(ItemJson.encode(item)));
    }

    @Test
    void readingIgnoresCaseUnknownFieldsAndNulls() throws Exception {
        KeystoreItem item = decode("{\"key\":\"work\",\"DATA\":\"eyJh\\nIjoxfQ==\",\"Extra\":{\"x\":[1,{}]},"
                + "\"label\":null,\"Description\":\"d\",\"keychainnottrustapplication\":true,"
                + "\"KeychainNotSynchronizable\":null,\"Label\":\"later wins\"}");
        assertEquals("work", item.key());
        assertEquals("{\"a\":1}", new String(item.data(), StandardCharsets.UTF_8));
        assertEquals("later wins", item.label());
        assertEquals("d", item.description());
        assertTrue(item.keychainNotTrustApplication());
        assertFalse(item.keychainNotSynchronizable());
    }

    @Test
    void dataMayBeNullOrAnArrayOfByteValuesAsGoAccepts() throws Exception {
        assertArrayEquals(new byte[0], decode("{\"Data\":null}").data());
        assertArrayEquals(new byte[] {1, 2, (byte) 255}, decode("{\"Data\":[1,2,255]}").data());
        assertEquals("", decode("{}").key());
    }

    @Test
    void anythingElseIsRefusedWithoutQuotingIt() {
        assertRefused("[\"SECRET\"]", "it is not a JSON object");
        assertRefused("\"SECRET\"", "it is not a JSON object");
        assertRefused("{\"Data\":\"SECRET!\"}", "its Data is not base64");
        assertRefused("{\"Data\":\"SECRETü\"}", "its Data is not base64");
        assertRefused("{\"Data\":[1,256]}", "its Data is not a list of byte values");
        assertRefused("{\"Data\":5}", "its Data is not a base64 string");
        assertRefused("{\"Key\":5}", "its Key is not a string");
        assertRefused("{\"KeychainNotSynchronizable\":\"yes\"}", "its KeychainNotSynchronizable is not true or false");
        assertRefused("{} {\"SECRET\":1}", "there is more after the JSON object");
        assertRefused("{\"Key\":\"SECRET", "it is not valid JSON (at byte 14)");
        assertRefused("password SECRET", "it is not valid JSON (at byte 9)");
    }

    private static void assertRefused(String json, String why) {
        ItemJson.NotAnItemException e = assertThrows(ItemJson.NotAnItemException.class, () -> decode(json));
        assertEquals(why, e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"));
    }
}
