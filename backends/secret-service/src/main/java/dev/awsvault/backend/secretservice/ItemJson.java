package dev.awsvault.backend.secretservice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import dev.awsvault.api.keystore.KeystoreItem;

/**
 * The secret the original stores in each Secret Service item: Go's {@code json.Marshal(keyring.Item)}, i.e.
 * {@code {"Key":…,"Data":"<std base64>","Label":…,"Description":…,"KeychainNotTrustApplication":…,
 * "KeychainNotSynchronizable":…}} in that order, with Go's HTML-safe string escaping. Reading is as lenient as Go's
 * decoder (field names in any case, unknown fields ignored, {@code null} ignored). Messages never quote content.
 */
final class ItemJson {
    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** No buffer recycling, so decoded plaintext is not parked in a shared pool. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

    private ItemJson() {
    }

    /** The content is not an item the original could have written; the message says why, never what. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** The UTF-8 JSON bytes; the caller clears them. */
    static byte[] encode(KeystoreItem item) {
        byte[] data = item.data();
        byte[] base64 = Base64.getEncoder().encode(data);
        Arrays.fill(data, (byte) 0);
        // only Data is secret: the other fields are built as ordinary strings
        byte[] head = ("{\"Key\":" + goString(item.key()) + ",\"Data\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\",\"Label\":" + goString(item.label())
                + ",\"Description\":" + goString(item.description())
                + ",\"KeychainNotTrustApplication\":" + item.keychainNotTrustApplication()
                + ",\"KeychainNotSynchronizable\":" + item.keychainNotSynchronizable() + "}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[head.length + base64.length + tail.length];
        System.arraycopy(head, 0, json, 0, head.length);
        System.arraycopy(base64, 0, json, head.length, base64.length);
        System.arraycopy(tail, 0, json, head.length + base64.length, tail.length);
        Arrays.fill(base64, (byte) 0);
        return json;
    }

    /**
     * A JSON string literal as Go's {@code encoding/json} writes it (Go 1.20, HTML-safe): {@code "} and {@code \}
     * backslashed; {@code \n \r \t} short; other controls and {@code < > &} as <code>&#92;u00xx</code>; U+2028 and
     * U+2029 escaped; an unpaired surrogate (invalid UTF-16, like invalid UTF-8 in Go) as <code>&#92;ufffd</code>;
     * everything else verbatim (UTF-8 once encoded).
     */
    static String goString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd");
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Parses a stored item; the result's key is {@code key} (the one asked for; aws-vault only uses Data). */
    static KeystoreItem decode(String key, byte[] json) throws FormatException {
        String label = "";
        String description = "";
        byte[] data = EMPTY;
        boolean notTrust = false;
        boolean notSync = false;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new FormatException("the item is empty, not aws-vault's item JSON");
            }
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equalsIgnoreCase("Data")) {
                        byte[] next = bytes(p, data);
                        if (next != data) {
                            Arrays.fill(data, (byte) 0);
                            data = next;
                        }
                    } else if (name.equalsIgnoreCase("Label")) {
                        label = string(p, label, "Label");
                    } else if (name.equalsIgnoreCase("Description")) {
                        description = string(p, description, "Description");
                    } else if (name.equalsIgnoreCase("KeychainNotTrustApplication")) {
                        notTrust = bool(p, notTrust, "KeychainNotTrustApplication");
                    } else if (name.equalsIgnoreCase("KeychainNotSynchronizable")) {
                        notSync = bool(p, notSync, "KeychainNotSynchronizable");
                    } else if (name.equalsIgnoreCase("Key")) {
                        string(p, "", "Key"); // checked as Go would, but the key asked for is returned
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (t != JsonToken.VALUE_NULL) {
                throw new FormatException("the item is not a JSON object, not aws-vault's item JSON");
            }
            if (p.nextToken() != null) {
                throw new FormatException("unexpected data after the item JSON");
            }
            return new KeystoreItem(key, data, label, description, notTrust, notSync);
        } catch (JsonProcessingException e) {
            throw new FormatException("the item is not JSON, not aws-vault's item JSON");
        } catch (IOException e) {
            throw new FormatException("the item could not be parsed");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String string(JsonParser p, String current, String field) throws IOException, FormatException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NULL:
                return current;
            default:
                throw new FormatException("field " + field + " is not a string");
        }
    }

    private static boolean bool(JsonParser p, boolean current, String field) throws FormatException {
        switch (p.currentToken()) {
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NULL:
                return current;
            default:
                throw new FormatException("field " + field + " is not a boolean");
        }
    }

    /** Go's {@code []byte}: std base64 with padding (CR and LF skipped, as Go does), an array of bytes, or null. */
    private static byte[] bytes(JsonParser p, byte[] current) throws IOException, FormatException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return EMPTY;
            case VALUE_STRING: {
                char[] text = p.getTextCharacters();
                int start = p.getTextOffset();
                int length = p.getTextLength();
                byte[] ascii = new byte[length];
                int n = 0;
                try {
                    for (int i = start; i < start + length; i++) {
                        char c = text[i];
                        if (c >= 0x80) {
                            throw new FormatException("field Data is not base64");
                        }
                        if (c != '\r' && c != '\n') {
                            ascii[n++] = (byte) c;
                        }
                    }
                    return Base64.getDecoder().decode(n == length ? ascii : Arrays.copyOf(ascii, n));
                } catch (IllegalArgumentException e) {
                    throw new FormatException("field Data is not base64");
                } finally {
                    Arrays.fill(ascii, (byte) 0);
                }
            }
            case START_ARRAY: {
                byte[] out = new byte[16];
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 0 || p.getIntValue() > 255) {
                        Arrays.fill(out, (byte) 0);
                        throw new FormatException("field Data is not a byte array");
                    }
                    if (n == out.length) {
                        byte[] bigger = Arrays.copyOf(out, n * 2);
                        Arrays.fill(out, (byte) 0);
                        out = bigger;
                    }
                    out[n++] = (byte) p.getIntValue();
                }
                byte[] exact = Arrays.copyOf(out, n);
                Arrays.fill(out, (byte) 0);
                return exact;
            }
            default:
                throw new FormatException("field Data is not a base64 string");
        }
    }
}
