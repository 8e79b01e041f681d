package dev.awsvault.backend.pass;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import dev.awsvault.api.keystore.KeystoreItem;

/**
 * What a pass entry holds: Go's {@code json.Marshal(keyring.Item)}, i.e.
 * {@code {"Key":…,"Data":"<std base64>","Label":…,"Description":…,"KeychainNotTrustApplication":…,
 * "KeychainNotSynchronizable":…}} in that order, strings escaped as Go does. Reading is as tolerant as Go's
 * decoder (field names in any case, unknown fields skipped, {@code null} leaves a field empty) but insists on an
 * object with a {@code Data} field, so that a password another tool stored under the prefix is reported, not
 * taken for an empty credential. Errors never quote the content: it is plaintext.
 */
final class ItemJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] EMPTY = new byte[0];
    /** No buffer recycling: a pool would keep plaintext around after we are done with it. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

    private ItemJson() {
    }

    /** The entry is not an aws-vault item; the message says why, without quoting it. */
    static final class NotAnItemException extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnItemException(String message) {
            super(message);
        }
    }

    /** The UTF-8 JSON; the caller clears the array. */
    static byte[] encode(KeystoreItem item) {
        byte[] data = item.data();
        byte[] base64 = Base64.getEncoder().encode(data);
        Arrays.fill(data, (byte) 0);
        ZeroingBuffer out = new ZeroingBuffer(base64.length + 160
                + 2 * (item.key().length() + item.label().length() + item.description().length()));
        out.ascii("{\"Key\":");
        string(out, item.key());
        out.ascii(",\"Data\":\"").append(base64, base64.length).append('"');
        Arrays.fill(base64, (byte) 0);
        out.ascii(",\"Label\":");
        string(out, item.label());
        out.ascii(",\"Description\":");
        string(out, item.description());
        out.ascii(",\"KeychainNotTrustApplication\":").ascii(String.valueOf(item.keychainNotTrustApplication()));
        out.ascii(",\"KeychainNotSynchronizable\":").ascii(String.valueOf(item.keychainNotSynchronizable()));
        out.append('}');
        return out.toArrayAndClear();
    }

    /**
     * A JSON string as Go 1.20's {@code json.Marshal} writes it: {@code "} and {@code \} backslashed,
     * {@code \n \r \t} short, other control characters and the HTML-unsafe {@code < > &} as <code>&#92;u00xx</code>,
     * U+2028 and U+2029 escaped, a lone surrogate as <code>&#92;ufffd</code>, everything else as UTF-8.
     */
    private static void string(ZeroingBuffer out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"': case '\\': out.append('\\').append(c); break;
                    case '\n': out.ascii("\\n"); break;
                    case '\r': out.ascii("\\r"); break;
                    case '\t': out.ascii("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            out.ascii("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                        } else {
                            out.append(c);
                        }
                }
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                out.ascii("\\ufffd");
                continue;
            }
            if (c == 0x2028 || c == 0x2029) {
                out.ascii("\\u202").append(HEX[c & 0xf]);
            } else if (c < 0x800) {
                out.append(0xc0 | c >> 6).append(0x80 | c & 0x3f);
            } else if (c < 0x10000) {
                out.append(0xe0 | c >> 12).append(0x80 | c >> 6 & 0x3f).append(0x80 | c & 0x3f);
            } else {
                out.append(0xf0 | c >> 18).append(0x80 | c >> 12 & 0x3f).append(0x80 | c >> 6 & 0x3f)
                        .append(0x80 | c & 0x3f);
            }
        }
        out.append('"');
    }

    /** Parses an entry's content; the item's key is its {@code Key} field ("" when absent). */
    static KeystoreItem decode(byte[] json) throws NotAnItemException {
        String key = "";
        String label = "";
        String description = "";
        byte[] data = null;
        boolean notTrust = false;
        boolean notSync = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnItemException("it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equalsIgnoreCase("Key")) {
                    key = string(p, key, "Key");
                } else if (field.equalsIgnoreCase("Data")) {
                    byte[] next = bytes(p);
                    if (data != null) {
                        Arrays.fill(data, (byte) 0); // a repeated field: Go keeps the last
                    }
                    data = next;
                } else if (field.equalsIgnoreCase("Label")) {
                    label = string(p, label, "Label");
                } else if (field.equalsIgnoreCase("Description")) {
                    description = string(p, description, "Description");
                } else if (field.equalsIgnoreCase("KeychainNotTrustApplication")) {
                    notTrust = bool(p, notTrust, "KeychainNotTrustApplication");
                } else if (field.equalsIgnoreCase("KeychainNotSynchronizable")) {
                    notSync = bool(p, notSync, "KeychainNotSynchronizable");
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new NotAnItemException("it has data after the JSON object");
            }
            if (data == null) {
                throw new NotAnItemException("it has no Data field");
            }
            return new KeystoreItem(key, data, label, description, notTrust, notSync);
        } catch (JsonProcessingException e) {
            throw new NotAnItemException("it is not valid JSON");
        } catch (IOException e) {
            throw new NotAnItemException("it could not be parsed");
        } finally {
            if (data != null) {
                Arrays.fill(data, (byte) 0);
            }
        }
    }

    private static String string(JsonParser p, String current, String field) throws IOException, NotAnItemException {
        switch (p.currentToken()) {
            case VALUE_STRING: return p.getText();
            case VALUE_NULL: return current;
            default: throw new NotAnItemException("its " + field + " field is not a string");
        }
    }

    private static boolean bool(JsonParser p, boolean current, String field) throws NotAnItemException {
        switch (p.currentToken()) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE: return false;
            case VALUE_NULL: return current;
            default: throw new NotAnItemException("its " + field + " field is not a boolean");
        }
    }

    /** Go's {@code []byte}: std base64 (CR and LF ignored, as Go's decoder does), or null for none. */
    private static byte[] bytes(JsonParser p) throws IOException, NotAnItemException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return EMPTY;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new NotAnItemException("its Data field is not a base64 string");
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        byte[] ascii = new byte[length];
        int n = 0;
        try {
            for (int i = offset; i < offset + length; i++) {
                char c = text[i];
                if (c >= 0x80) {
                    throw new NotAnItemException("its Data field is not base64");
                }
                if (c != '\r' && c != '\n') {
                    ascii[n++] = (byte) c;
                }
            }
            if (n == length) {
                return Base64.getDecoder().decode(ascii);
            }
            byte[] trimmed = Arrays.copyOf(ascii, n);
            try {
                return Base64.getDecoder().decode(trimmed);
            } finally {
                Arrays.fill(trimmed, (byte) 0);
            }
        } catch (IllegalArgumentException e) {
            throw new NotAnItemException("its Data field is not base64");
        } finally {
            Arrays.fill(ascii, (byte) 0);
            Arrays.fill(text, offset, offset + length, '\0');
        }
    }
}
