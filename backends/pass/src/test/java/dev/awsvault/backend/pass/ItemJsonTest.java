package dev.awsvault.backend.pass;

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

    private static String encode(KeystoreItem item) {
        return new String(ItemJson.encode(item), StandardCharsets.UTF_8);
    }

    private static KeystoreItem decode(String json) throws Exception {
        return ItemJson.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesGoFieldOrderAndStdBase64WithPadding() {
        KeystoreItem item = new KeystoreItem("default", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "aws-vault (default)", "", true, false);
        assertEquals("{\"Key\":\"default\",\"Data\":\"eyJhIjoxfQ==\",\"Label\":\"aws-vault (default)\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}",
                encode(item));
    }

    @Test
    void escapesStringsAsGoDoes() {
        KeystoreItem item = new KeystoreItem("k\"\\\n\r\t\u0001<>&\u2028\u2029", new byte[] {(byte) 0xfb, (byte) 0xff},
                "ünï \uD83D\uDE00 \uD800", "d", false, true);
        assertEquals("{\"Key\":\"k\\\"\\\\\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028\\u2029\",\"Data\":\"+/8=\","
                + "\"Label\":\"ünï \uD83D\uDE00 \\ufffd\",\"Description\":\"d\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}", encode(item));
    }

    @Test
    void readsWhatItWrites() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        KeystoreItem item = new KeystoreItem("oidc:https://x/start", data, "l <&>", "ключ", true, true);
        assertEquals(item, ItemJson.decode(ItemJson.encode(item)));
    }

    @Test
    void readsLikeGo() throws Exception {
        KeystoreItem item = decode(" {\"key\":\"k\",\"DATA\":\"aGk=\\r\\n\",\"label\":null,\"Extra\":{\"x\":[1,2]},"
                + "\"keychainnottrustapplication\":true}\n");
        assertEquals("k", item.key());
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), item.data());
        assertEquals("", item.label());
        assertTrue(item.keychainNotTrustApplication());
        assertFalse(item.keychainNotSynchronizable());
        assertEquals(0, decode("{\"Data\":null}").data().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hunter2", "hunter2\n", "\"hunter2\"", "12345", "[\"hunter2\"]", "null", "",
        "{\"Data\":\"hunter2!\"}", "{\"user\":\"hunter2\"}", "{\"Data\":\"aGk=\"} hunter2", "{\"Data\":1}",
        "{\"Data\":\"aGk=\",\"Key\":7}", "{\"Data\":\"aGk=\",\"KeychainNotSynchronizable\":\"hunter2\"}"})
    void refusesWhatIsNotAnItemWithoutQuotingIt(String content) {
        ItemJson.NotAnItemException e = assertThrows(ItemJson.NotAnItemException.class, () -> decode(content));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
