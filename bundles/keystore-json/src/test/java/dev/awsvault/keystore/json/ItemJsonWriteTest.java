package dev.awsvault.keystore.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Writing: Go's bytes. Every expected string here is what Go's {@code json.Marshal} printed for the same item (checked
 * with Go 1.19.8, whose string encoder is Go 1.20's); a lone surrogate stands for Go's invalid UTF-8.
 */
class ItemJsonWriteTest {
    /** aws-vault v7.2.0's own bytes for a long-term credential (decrypted from the file-keyring fixture). */
    static final String ORIGINAL_HOME_JSON = "{\"Key\":\"home\",\"Data\":\"eyJBY2Nlc3NLZXlJRCI6IkFLSUFJT1NGT0ROTjdFWE"
            + "FNUExFIiwiU2VjcmV0QWNjZXNzS2V5Ijoid0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWSIsIlNlc3Npb25U"
            + "b2tlbiI6IiIsIlNvdXJjZSI6IiIsIkNhbkV4cGlyZSI6ZmFsc2UsIkV4cGlyZXMiOiIwMDAxLTAxLTAxVDAwOjAwOjAwWiJ9\","
            + "\"Label\":\"aws-vault (home)\",\"Description\":\"\",\"KeychainNotTrustApplication\":true,"
            + "\"KeychainNotSynchronizable\":false}";
    static final KeystoreItem ORIGINAL_HOME = new KeystoreItem("home", ("{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\","
            + "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\","
            + "\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8),
            "aws-vault (home)", "", true, false);

    private static String encode(KeystoreItem item) {
        return new String(ItemJson.encode(item), StandardCharsets.UTF_8);
    }

    @Test
    void byteForByteWhatTheOriginalWrote() {
        assertArrayEquals(ORIGINAL_HOME_JSON.getBytes(StandardCharsets.UTF_8), ItemJson.encode(ORIGINAL_HOME));
    }

    @Test
    void fieldsInGoOrderWithStandardPaddedBase64() {
        KeystoreItem item = new KeystoreItem("default", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "aws-vault (default)", "", true, false);
        assertEquals("{\"Key\":\"default\",\"Data\":\"eyJhIjoxfQ==\",\"Label\":\"aws-vault (default)\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}",
                encode(item));
        assertEquals("{\"Key\":\"k\",\"Data\":\"+/8A\",\"Label\":\"L\",\"Description\":\"D\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}",
                encode(new KeystoreItem("k", new byte[] {(byte) 0xfb, (byte) 0xff, 0x00}, "L", "D", false, true)));
    }

    @Test
    void anEmptyItemHasEveryField() {
        assertEquals("{\"Key\":\"\",\"Data\":\"\",\"Label\":\"\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}",
                encode(new KeystoreItem("", new byte[0], null, null, false, false)));
    }

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        // HTML-safe <>&, lower-case hex, \b and \f as hex escapes (Go before 1.22), U+2028/9 escaped, DEL verbatim
        assertEquals("{\"Key\":\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\\u003c\\u003e\\u0026\u007f\u00e9\\u2028\\u2029"
                + "\ud83d\ude00\\ufffdx\",\"Data\":\"\",\"Label\":\"\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}",
                encode(new KeystoreItem("a\"b\\c\n\r\t\u0001\u001f<>&\u007f\u00e9\u2028\u2029\ud83d\ude00\ud800x",
                        new byte[0], "", "", false, false)));
        assertEquals("{\"Key\":\"k\\\"\\\\\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028\\u2029\",\"Data\":\"+/8=\","
                + "\"Label\":\"ünï \ud83d\ude00 \\ufffd\",\"Description\":\"d\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}",
                encode(new KeystoreItem("k\"\\\n\r\t\u0001<>&\u2028\u2029", new byte[] {(byte) 0xfb, (byte) 0xff},
                        "ünï \ud83d\ude00 \ud800", "d", false, true)));
        assertEquals("{\"Key\":\"a\\\"b\\\\c\",\"Data\":\"\",\"Label\":\"\\u003ctag\\u003e \\u0026 \\u2028\\u2029 "
                + "\\u0001\\u0008\\u000c\\n\\r\\t\u007f é 😀 \\ufffdx\",\"Description\":"
                + "\"oidc:https://x.awsapps.com/start?a=1\",\"KeychainNotTrustApplication\":false,"
                + "\"KeychainNotSynchronizable\":true}",
                encode(new KeystoreItem("a\"b\\c", new byte[0], "<tag> & \u2028\u2029 \u0001\b\f\n\r\t\u007f é 😀 "
                        + "\ud800x", "oidc:https://x.awsapps.com/start?a=1", false, true)));
    }

    @Test
    void nonAsciiIsUtf8AndDataIsPaddedBase64() {
        byte[] json = ItemJson.encode(new KeystoreItem("ключ", new byte[] {(byte) 0xff, 0}, "l<", "", false, true));
        assertArrayEquals(("{\"Key\":\"ключ\",\"Data\":\"/wA=\",\"Label\":\"l\\u003c\",\"Description\":\"\","
                + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":true}")
                .getBytes(StandardCharsets.UTF_8), json);
    }

    @Test
    void jsonStringIsGosStringLiteral() {
        assertEquals("\"a\\u003cb\\u003e\\u0026c\"", ItemJson.jsonString("a<b>&c"));
        assertEquals("\"q\\\"b\\\\\"", ItemJson.jsonString("q\"b\\"));
        assertEquals("\"\\n\\r\\t\\u0000\\u0008\\u000c\\u001f\"", ItemJson.jsonString("\n\r\t\0\b\f\u001f"));
        assertEquals("\"\\u2028\\u2029\"", ItemJson.jsonString("\u2028\u2029"));
        assertEquals("\"\u00fcn\u00ef \ud83d\ude00 \u007f\"", ItemJson.jsonString("\u00fcn\u00ef \ud83d\ude00 \u007f"));
        // an unpaired surrogate, high or low, is invalid text: one replacement each
        assertEquals("\"x\\ufffdy\\ufffd\"", ItemJson.jsonString("x\ud83dy\ude00"));
    }

    @Test
    void encodingLeavesTheItemAlone() {
        KeystoreItem item = new KeystoreItem("k", new byte[] {1, 2, 3}, "", "", false, false);
        ItemJson.encode(item);
        assertArrayEquals(new byte[] {1, 2, 3}, item.data());
    }

    @Test
    void whatIsWrittenReadsBack() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        KeystoreItem item = new KeystoreItem("oidc:https://x/start", everyByte, "l <&>", "ключ ü", true, true);
        assertEquals(item, ItemJson.decode(ItemJson.encode(item), item.key()));

        byte[] random = new byte[300];
        new Random(1).nextBytes(random);
        KeystoreItem session = new KeystoreItem("sts.GetSessionToken,d29yaw,,1685001234", random,
                "aws-vault session for work (expires 2023-05-25T07:30:06Z)", "aws-vault session", false, false);
        assertEquals(session, ItemJson.decode(ItemJson.encode(session), session.key()));
    }
}
