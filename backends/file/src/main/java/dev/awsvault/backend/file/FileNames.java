package dev.awsvault.backend.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Key to file name and back, as {@code github.com/mtibben/percent} {@code Encode(key, "/")} and {@code Decode}:
 * only {@code /} and {@code %} are escaped, as {@code %2F} and {@code %25} (upper-case hex of each UTF-8 byte);
 * {@code :}, {@code ,}, spaces, {@code \} and non-ASCII stay as they are.
 */
final class FileNames {
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {
    }

    static String encode(String key) {
        StringBuilder b = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/' || c == '%') { // both ASCII: one UTF-8 byte each
                b.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Every {@code %XX} (either hex case) becomes the byte 0xXX; everything else is kept; the bytes are then read
     * as UTF-8. Like the original, a {@code %} without two hex digits after it stays as it is.
     */
    static String decode(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        byte[] in = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
