package dev.awsvault.backend.file;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import dev.awsvault.api.keystore.KeystoreItem;

/**
 * The keyring item as Go's {@code encoding/json} writes {@code keyring.Item}:
 * {@code {"Key":…,"Data":"<std base64>","Label":…,"Description":…,"KeychainNotTrustApplication":…,
 * "KeychainNotSynchronizable":…}}, with Go's string escaping (HTML-safe: {@code <>&} as <code>&#92;u003c</code> …).
 * Reading is as tolerant as Go: field names case-insensitive, unknown fields ignored, {@code null} leaves a field
 * empty. Error messages never quote the content (it is plaintext).
 */
final class ItemJson {
    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ItemJson() {
    }

    /** Malformed item JSON; the message says what, never quotes content. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** Shared JSON factory, created on first use; no buffer recycling, so plaintext is not kept in a pool. */
    static JsonFactory factory() {
        return Factory.INSTANCE;
    }

    private static final class Factory {
        static final JsonFactory INSTANCE = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();
    }

    /** UTF-8 JSON bytes; the caller clears them. */
    static byte[] encode(KeystoreItem item) {
        byte[] data = item.data();
        byte[] b64 = Base64.getEncoder().encode(data);
        Arrays.fill(data, (byte) 0);
        SecretBytes out = new SecretBytes(b64.length + 128 + 2 * (item.key().length() + item.label().length()
                + item.description().length()));
        out.ascii("{\"Key\":");
        string(out, item.key());
        out.ascii(",\"Data\":\"").append(b64).append('"');
        Arrays.fill(b64, (byte) 0);
        out.ascii(",\"Label\":");
        string(out, item.label());
        out.ascii(",\"Description\":");
        string(out, item.description());
        out.ascii(",\"KeychainNotTrustApplication\":").ascii(Boolean.toString(item.keychainNotTrustApplication()));
        out.ascii(",\"KeychainNotSynchronizable\":").ascii(Boolean.toString(item.keychainNotSynchronizable()));
        return out.append('}').toArrayAndClear();
    }

    /**
     * Go's {@code encodeState.string} with HTML escaping (as {@code json.Marshal} does, Go 1.20): {@code "} and
     * {@code \} backslashed, {@code \n \r \t} short, other controls and {@code < > &} as <code>&#92;u00xx</code>,
     * U+2028/U+2029 escaped, anything invalid as <code>&#92;ufffd</code>; the rest as UTF-8.
     */
    static void string(SecretBytes out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c == '\n') {
                    out.ascii("\\n");
                } else if (c == '\r') {
                    out.ascii("\\r");
                } else if (c == '\t') {
                    out.ascii("\\t");
                } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    out.ascii("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                } else {
                    out.append(c);
                }
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.ascii("\\ufffd");
                continue;
            }
            if (cp == 0x2028 || cp == 0x2029) {
                out.ascii("\\u202").append(HEX[cp & 0xf]);
            } else if (cp < 0x800) {
                out.append(0xc0 | cp >> 6).append(0x80 | cp & 0x3f);
            } else if (cp < 0x10000) {
                out.append(0xe0 | cp >> 12).append(0x80 | cp >> 6 & 0x3f).append(0x80 | cp & 0x3f);
            } else {
                out.append(0xf0 | cp >> 18).append(0x80 | cp >> 12 & 0x3f).append(0x80 | cp >> 6 & 0x3f)
                        .append(0x80 | cp & 0x3f);
            }
        }
        out.append('"');
    }

    /** Parses an item; its key is the stored {@code Key} field ("" when absent). */
    static KeystoreItem decode(byte[] json) throws FormatException {
        String key = "";
        String label = "";
        String description = "";
        byte[] data = EMPTY;
        boolean notTrust = false;
        boolean notSync = false;
        try (JsonParser p = factory().createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equalsIgnoreCase("Key")) {
                        key = string(p, key, "Key");
                    } else if (name.equalsIgnoreCase("Data")) {
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
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (t != JsonToken.VALUE_NULL) {
                throw new FormatException("the item is not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new FormatException("unexpected data after the item JSON");
            }
            return new KeystoreItem(key, data, label, description, notTrust, notSync);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new FormatException("the item is not valid JSON"
                    + (at == null ? "" : " (at offset " + at.getByteOffset() + ")"));
        } catch (IOException e) {
            throw new FormatException("the item could not be parsed");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String string(JsonParser p, String current, String field) throws IOException, FormatException {
        switch (p.currentToken()) {
            case VALUE_STRING: return p.getText();
            case VALUE_NULL: return current;
            default: throw new FormatException("field " + field + " is not a string");
        }
    }

    private static boolean bool(JsonParser p, boolean current, String field) throws FormatException {
        switch (p.currentToken()) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE: return false;
            case VALUE_NULL: return current;
            default: throw new FormatException("field " + field + " is not a boolean");
        }
    }

    /** Go's {@code []byte}: a std-base64 string (CR/LF ignored), an array of byte values, or null (empty). */
    private static byte[] bytes(JsonParser p, byte[] current) throws IOException, FormatException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return EMPTY;
            case VALUE_STRING: {
                char[] text = p.getTextCharacters();
                int off = p.getTextOffset();
                int len = p.getTextLength();
                byte[] ascii = new byte[len];
                int n = 0;
                for (int i = off; i < off + len; i++) {
                    char c = text[i];
                    if (c >= 0x80) {
                        Arrays.fill(ascii, (byte) 0);
                        throw new FormatException("field Data is not base64");
                    }
                    if (c != '\r' && c != '\n') {
                        ascii[n++] = (byte) c;
                    }
                }
                try {
                    return Base64.getDecoder().decode(n == len ? ascii : Arrays.copyOf(ascii, n));
                } catch (IllegalArgumentException e) {
                    throw new FormatException("field Data is not base64");
                } finally {
                    Arrays.fill(ascii, (byte) 0);
                }
            }
            case START_ARRAY: {
                SecretBytes out = new SecretBytes(64);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 0 || p.getIntValue() > 255) {
                        out.clear();
                        throw new FormatException("field Data is not a byte array");
                    }
                    out.append(p.getIntValue());
                }
                return out.toArrayAndClear();
            }
            default:
                throw new FormatException("field Data is not a base64 string");
        }
    }
}
