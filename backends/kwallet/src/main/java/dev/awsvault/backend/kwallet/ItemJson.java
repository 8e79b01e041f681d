package dev.awsvault.backend.kwallet;

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
 * The original keyring's item as Go's {@code json.Marshal} writes it, which is what a KWallet entry holds:
 * {@code {"Key":…,"Data":"<std base64>","Label":…,"Description":…,"KeychainNotTrustApplication":…,
 * "KeychainNotSynchronizable":…}}. Writing reproduces Go's bytes (HTML-safe escapes, lower-case hex, UTF-8);
 * reading is as lenient as Go's decoder (any field-name case, unknown fields skipped, {@code null} ignored).
 * Messages never quote the content: it holds the secret.
 */
final class ItemJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] NO_BYTES = new byte[0];
    /** No buffer recycling: recycled buffers would keep plaintext around. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

    private ItemJson() {
    }

    /** The entry is not an item the original would read; the message says why without quoting it. */
    static final class NotAnItemException extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnItemException(String message) {
            super(message);
        }
    }

    /** UTF-8 JSON; the caller clears the array. */
    static byte[] encode(KeystoreItem item) {
        byte[] data = item.data();
        byte[] base64 = Base64.getEncoder().encode(data);
        Arrays.fill(data, (byte) 0);
        Buffer out = new Buffer(base64.length + 160 + 3 * (item.key().length() + item.label().length()
                + item.description().length()));
        out.ascii("{\"Key\":");
        goString(out, item.key());
        out.ascii(",\"Data\":\"").bytes(base64).ascii("\"");
        Arrays.fill(base64, (byte) 0);
        out.ascii(",\"Label\":");
        goString(out, item.label());
        out.ascii(",\"Description\":");
        goString(out, item.description());
        out.ascii(",\"KeychainNotTrustApplication\":").ascii(String.valueOf(item.keychainNotTrustApplication()));
        out.ascii(",\"KeychainNotSynchronizable\":").ascii(String.valueOf(item.keychainNotSynchronizable()));
        return out.ascii("}").takeAndClear();
    }

    /**
     * A JSON string as Go 1.20's encoder writes one: {@code " \ \n \r \t} backslashed, other control characters and
     * {@code < > &} (and U+2028, U+2029) as lower-case <code>&#92;u</code> escapes, a lone surrogate (invalid
     * UTF-8 in Go) as <code>&#92;ufffd</code>, everything else as UTF-8.
     */
    private static void goString(Buffer out, String s) {
        out.ascii("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.ascii("\\\""); continue;
                case '\\': out.ascii("\\\\"); continue;
                case '\n': out.ascii("\\n"); continue;
                case '\r': out.ascii("\\r"); continue;
                case '\t': out.ascii("\\t"); continue;
                default: break;
            }
            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                out.ascii("\\u").hex(c >> 12).hex(c >> 8).hex(c >> 4).hex(c);
                continue;
            }
            if (c < 0x80) {
                out.add(c);
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.ascii("\\ufffd");
                continue;
            }
            if (cp < 0x800) {
                out.add(0xc0 | cp >> 6).add(0x80 | cp & 0x3f);
            } else if (cp < 0x10000) {
                out.add(0xe0 | cp >> 12).add(0x80 | cp >> 6 & 0x3f).add(0x80 | cp & 0x3f);
            } else {
                out.add(0xf0 | cp >> 18).add(0x80 | cp >> 12 & 0x3f).add(0x80 | cp >> 6 & 0x3f).add(0x80 | cp & 0x3f);
            }
        }
        out.ascii("\"");
    }

    /** Parses an entry. The item's key is its stored {@code Key} field ("" when absent). */
    static KeystoreItem decode(byte[] json) throws NotAnItemException {
        String key = "";
        String label = "";
        String description = "";
        byte[] data = NO_BYTES;
        boolean notTrust = false;
        boolean notSync = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnItemException("it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                // Go matches field names without regard to case, and ignores the ones it does not know
                if (field.equalsIgnoreCase("Key")) {
                    key = text(p, key, "Key");
                } else if (field.equalsIgnoreCase("Data")) {
                    byte[] next = bytes(p);
                    if (next != data) {
                        Arrays.fill(data, (byte) 0);
                        data = next;
                    }
                } else if (field.equalsIgnoreCase("Label")) {
                    label = text(p, label, "Label");
                } else if (field.equalsIgnoreCase("Description")) {
                    description = text(p, description, "Description");
                } else if (field.equalsIgnoreCase("KeychainNotTrustApplication")) {
                    notTrust = flag(p, notTrust, "KeychainNotTrustApplication");
                } else if (field.equalsIgnoreCase("KeychainNotSynchronizable")) {
                    notSync = flag(p, notSync, "KeychainNotSynchronizable");
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new NotAnItemException("there is more after the JSON object");
            }
            return new KeystoreItem(key, data, label, description, notTrust, notSync);
        } catch (JsonProcessingException e) {
            throw new NotAnItemException("it is not valid JSON" + (e.getLocation() == null ? ""
                    : " (at byte " + e.getLocation().getByteOffset() + ")"));
        } catch (IOException e) {
            // e.g. bytes that are no UTF-8 (a KWallet password entry is UTF-16 with a length in front)
            throw new NotAnItemException("it is not valid JSON");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String text(JsonParser p, String current, String field) throws IOException, NotAnItemException {
        switch (p.currentToken()) {
            case VALUE_STRING: return p.getText();
            case VALUE_NULL: return current;
            default: throw new NotAnItemException("its " + field + " is not a string");
        }
    }

    private static boolean flag(JsonParser p, boolean current, String field) throws NotAnItemException {
        switch (p.currentToken()) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE: return false;
            case VALUE_NULL: return current;
            default: throw new NotAnItemException("its " + field + " is not true or false");
        }
    }

    /** Go's {@code []byte}: std base64 (line breaks ignored), a JSON array of byte values, or null (empty). */
    private static byte[] bytes(JsonParser p) throws IOException, NotAnItemException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return NO_BYTES;
            case VALUE_STRING: {
                char[] chars = p.getTextCharacters();
                int start = p.getTextOffset();
                int end = start + p.getTextLength();
                byte[] ascii = new byte[end - start];
                int n = 0;
                try {
                    for (int i = start; i < end; i++) {
                        char c = chars[i];
                        if (c >= 0x80) {
                            throw new NotAnItemException("its Data is not base64");
                        }
                        if (c != '\r' && c != '\n') {
                            ascii[n++] = (byte) c;
                        }
                    }
                    return Base64.getDecoder().decode(Arrays.copyOf(ascii, n));
                } catch (IllegalArgumentException e) {
                    throw new NotAnItemException("its Data is not base64");
                } finally {
                    Arrays.fill(ascii, (byte) 0);
                }
            }
            case START_ARRAY: {
                Buffer out = new Buffer(64);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 0 || p.getIntValue() > 255) {
                        out.takeAndClear();
                        throw new NotAnItemException("its Data is not a list of byte values");
                    }
                    out.add(p.getIntValue());
                }
                return out.takeAndClear();
            }
            default:
                throw new NotAnItemException("its Data is not a base64 string");
        }
    }

    /** A growing byte array that zeroes every array it lets go of (they hold plaintext). */
    private static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        Buffer add(int b) {
            room(1);
            bytes[size++] = (byte) b;
            return this;
        }

        Buffer hex(int nibble) {
            return add(HEX[nibble & 0xf]);
        }

        Buffer ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        Buffer bytes(byte[] more) {
            room(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
            return this;
        }

        byte[] takeAndClear() {
            byte[] result = Arrays.copyOf(bytes, size);
            Arrays.fill(bytes, (byte) 0);
            size = 0;
            return result;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                byte[] bigger = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
                Arrays.fill(bytes, (byte) 0);
                bytes = bigger;
            }
        }
    }
}
