package dev.awsvault.keystore.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * The original keyring's item as Go's {@code json.Marshal(keyring.Item)} writes it (Go 1.20, what aws-vault v7.2.0
 * is built with): {@code {"Key":…,"Data":"<std base64>","Label":…,"Description":…,
 * "KeychainNotTrustApplication":…,"KeychainNotSynchronizable":…}}.
 * <p>
 * Writing gives Go's exact bytes. Reading is as lenient as Go's decoder: field names matched as Go folds them,
 * unknown fields skipped, {@code null} leaving a field as it was, {@code Data} as base64 (CR and LF skipped) or as a
 * list of byte values, invalid UTF-8 in strings read as U+FFFD. One difference, on purpose: content without a
 * {@code Data} field (a bare {@code null}, {@code {}}, another tool's JSON) is refused, where Go would hand back an
 * empty payload that aws-vault then fails on; everything Go writes has {@code Data}.
 * <p>
 * Errors are {@link KeystoreException}s with a one-line message that never quotes the content (it is plaintext).
 */
public final class ItemJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] NO_BYTES = new byte[0];
    private static final String REFUSED = "not an aws-vault item: ";
    /** No buffer recycling: a pool would keep plaintext after we are done with it. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

    private ItemJson() {
    }

    /** The item's JSON as UTF-8, byte for byte what Go writes; the caller clears the array. */
    public static byte[] encode(KeystoreItem item) {
        // only Data is secret: the other fields are ordinary strings
        byte[] head = ("{\"Key\":" + jsonString(item.key()) + ",\"Data\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\",\"Label\":" + jsonString(item.label())
                + ",\"Description\":" + jsonString(item.description())
                + ",\"KeychainNotTrustApplication\":" + item.keychainNotTrustApplication()
                + ",\"KeychainNotSynchronizable\":" + item.keychainNotSynchronizable() + "}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] data = item.data();
        byte[] base64 = Base64.getEncoder().encode(data);
        Arrays.fill(data, (byte) 0);
        byte[] json = new byte[head.length + base64.length + tail.length];
        System.arraycopy(head, 0, json, 0, head.length);
        System.arraycopy(base64, 0, json, head.length, base64.length);
        System.arraycopy(tail, 0, json, head.length + base64.length, tail.length);
        Arrays.fill(base64, (byte) 0);
        return json;
    }

    /**
     * A JSON string literal as Go's {@code encoding/json} writes one (HTML-safe, as {@code json.Marshal} is):
     * {@code "} and {@code \} backslashed; {@code \n \r \t} short; other control characters, {@code < > &},
     * U+2028 and U+2029 as lower-case <code>&#92;u00xx</code>-style escapes ({@code \b} and {@code \f} too, as
     * before Go 1.22); an unpaired surrogate (what invalid UTF-8 is to Go) as <code>&#92;ufffd</code>; the rest
     * verbatim, so UTF-8 once encoded.
     */
    public static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); continue;
                case '\\': out.append("\\\\"); continue;
                case '\n': out.append("\\n"); continue;
                case '\r': out.append("\\r"); continue;
                case '\t': out.append("\\t"); continue;
                default: break;
            }
            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
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

    /**
     * Reads a stored item. The result's key is {@code key}, the name it was found under (the original returns the
     * stored {@code Key}, but aws-vault only uses {@code Data}); the stored {@code Key} is only checked to be a
     * string, as Go would. The caller clears {@code json}.
     *
     * @throws KeystoreException {@code not an aws-vault item: <why>}, never quoting the content
     */
    public static KeystoreItem decode(byte[] json, String key) {
        Objects.requireNonNull(key, "key");
        String label = "";
        String description = "";
        byte[] data = null;
        boolean notTrust = false;
        boolean notSync = false;
        char[] text = GoUtf8.decode(json);
        try (JsonParser p = JSON.createParser(text, 0, text.length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw refused("it is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw refused("it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (Field.KEY.matches(name)) {
                    string(p, "", Field.KEY);
                } else if (Field.DATA.matches(name)) {
                    byte[] next = bytes(p);
                    if (data != null) {
                        Arrays.fill(data, (byte) 0); // a repeated field: the last one counts
                    }
                    data = next;
                } else if (Field.LABEL.matches(name)) {
                    label = string(p, label, Field.LABEL);
                } else if (Field.DESCRIPTION.matches(name)) {
                    description = string(p, description, Field.DESCRIPTION);
                } else if (Field.NOT_TRUST.matches(name)) {
                    notTrust = bool(p, notTrust, Field.NOT_TRUST);
                } else if (Field.NOT_SYNC.matches(name)) {
                    notSync = bool(p, notSync, Field.NOT_SYNC);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw refused("there is more after the JSON object");
            }
            if (data == null) {
                throw refused("it has no Data field");
            }
            return new KeystoreItem(key, data, label, description, notTrust, notSync);
        } catch (JsonEOFException e) {
            throw refused("it is not valid JSON (it ends too early)");
        } catch (JsonProcessingException e) {
            throw refused("it is not valid JSON"); // Jackson's message would quote the content
        } catch (IOException e) {
            throw refused("it could not be read");
        } finally {
            Arrays.fill(text, '\0');
            if (data != null) {
                Arrays.fill(data, (byte) 0);
            }
        }
    }

    private static KeystoreException refused(String why) {
        return new KeystoreException(REFUSED + why);
    }

    /** The item's fields, and Go's way of matching a JSON name to one. */
    private enum Field {
        KEY("Key"), DATA("Data"), LABEL("Label"), DESCRIPTION("Description"),
        NOT_TRUST("KeychainNotTrustApplication"), NOT_SYNC("KeychainNotSynchronizable");

        final String goName;

        Field(String goName) {
            this.goName = goName;
        }

        /**
         * Go's case-insensitive match (Unicode simple folding; the names are ASCII): ASCII letters in either case,
         * plus the two non-ASCII letters that fold to one, U+212A KELVIN SIGN for k and U+017F LONG S for s. Stricter
         * than Java's {@code equalsIgnoreCase}, which would also take a dotless or dotted i for i.
         */
        boolean matches(String name) {
            if (name.length() != goName.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                char want = Character.toLowerCase(goName.charAt(i));
                boolean same = c < 0x80 ? Character.toLowerCase(c) == want
                        : c == '\u212a' && want == 'k' || c == '\u017f' && want == 's';
                if (!same) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String string(JsonParser p, String current, Field field) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING: return GoUtf8.pairedSurrogates(p.getText());
            case VALUE_NULL: return current; // Go leaves the field as it was
            default: throw refused("its " + field.goName + " is not a string");
        }
    }

    private static boolean bool(JsonParser p, boolean current, Field field) {
        switch (p.currentToken()) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE: return false;
            case VALUE_NULL: return current;
            default: throw refused("its " + field.goName + " is not true or false");
        }
    }

    /** Go's {@code []byte}: std base64 with padding (CR and LF skipped), a list of byte values, or null (empty). */
    private static byte[] bytes(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return NO_BYTES;
            case VALUE_STRING:
                return base64(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case START_ARRAY:
                return byteValues(p);
            default:
                throw refused("its Data is not a base64 string");
        }
    }

    private static byte[] base64(char[] chars, int start, int length) {
        byte[] ascii = new byte[length];
        int n = 0;
        try {
            for (int i = start; i < start + length; i++) {
                char c = chars[i];
                if (c >= 0x80) {
                    throw refused("its Data is not base64");
                }
                if (c != '\r' && c != '\n') {
                    ascii[n++] = (byte) c;
                }
            }
            if (n % 4 != 0) {
                throw refused("its Data is not base64"); // Go requires the padding; Java's decoder does not
            }
            return Base64.getDecoder().decode(n == length ? ascii : Arrays.copyOf(ascii, n));
        } catch (IllegalArgumentException e) {
            throw refused("its Data is not base64");
        } finally {
            Arrays.fill(ascii, (byte) 0);
            Arrays.fill(chars, start, start + length, '\0');
        }
    }

    /** {@code [104,105]}: each a plain integer 0 to 255 ({@code -0} and {@code 1.0} are not), null counting as 0. */
    private static byte[] byteValues(JsonParser p) throws IOException {
        byte[] values = new byte[16];
        int n = 0;
        try {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                int value = -1;
                if (p.currentToken() == JsonToken.VALUE_NULL) {
                    value = 0; // Go leaves the element as it was: zero
                } else if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() == JsonParser.NumberType.INT) {
                    boolean minus = p.getTextCharacters()[p.getTextOffset()] == '-';
                    value = minus ? -1 : p.getIntValue();
                }
                if (value < 0 || value > 255) {
                    throw refused("its Data is not a list of byte values");
                }
                if (n == values.length) {
                    byte[] bigger = Arrays.copyOf(values, 2 * n);
                    Arrays.fill(values, (byte) 0);
                    values = bigger;
                }
                values[n++] = (byte) value;
            }
            return Arrays.copyOf(values, n);
        } finally {
            Arrays.fill(values, (byte) 0);
        }
    }
}
