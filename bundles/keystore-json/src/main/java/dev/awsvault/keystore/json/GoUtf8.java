package dev.awsvault.keystore.json;

import java.util.Arrays;

/** Text as Go sees it: bytes are UTF-8, and whatever is not valid becomes U+FFFD, one per bad byte. */
final class GoUtf8 {
    static final char REPLACEMENT = '\ufffd';

    private GoUtf8() {
    }

    /**
     * Decodes {@code bytes} as Go's {@code utf8.DecodeRune} does, which is what {@code encoding/json} applies to
     * strings: overlong forms, surrogates and code points above U+10FFFF are invalid, and every byte that does not
     * start a valid sequence becomes one U+FFFD. Never guesses another encoding (a UTF-16 item stays invalid JSON,
     * as it is for Go). The caller clears the result.
     */
    static char[] decode(byte[] bytes) {
        char[] out = new char[bytes.length]; // no sequence yields more chars than it has bytes
        int n = 0;
        int i = 0;
        while (i < bytes.length) {
            int b0 = bytes[i] & 0xff;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i);
            if (length == 0) {
                out[n++] = REPLACEMENT;
                i++;
                continue;
            }
            int cp = b0 & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                cp = cp << 6 | bytes[i + k] & 0x3f;
            }
            n += Character.toChars(cp, out, n);
            i += length;
        }
        if (n == out.length) {
            return out;
        }
        char[] exact = Arrays.copyOf(out, n);
        Arrays.fill(out, '\0');
        return exact;
    }

    /** The length of the valid sequence at {@code i}, or 0; Go's table of first bytes and accepted second bytes. */
    private static int sequenceLength(byte[] bytes, int i) {
        int b0 = bytes[i] & 0xff;
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            length = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            length = 3;
            if (b0 == 0xe0) {
                low = 0xa0; // no overlong forms
            } else if (b0 == 0xed) {
                high = 0x9f; // no surrogates
            }
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            length = 4;
            if (b0 == 0xf0) {
                low = 0x90;
            } else if (b0 == 0xf4) {
                high = 0x8f; // nothing above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + length > bytes.length) {
            return 0;
        }
        int b1 = bytes[i + 1] & 0xff;
        if (b1 < low || b1 > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int b = bytes[i + k] & 0xff;
            if (b < 0x80 || b > 0xbf) {
                return 0;
            }
        }
        return length;
    }

    /** A string with every unpaired surrogate (an escape like <code>&#92;ud800</code> alone) as U+FFFD, as Go has it. */
    static String pairedSurrogates(String s) {
        StringBuilder fixed = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(s);
                }
                fixed.setCharAt(i, REPLACEMENT);
            }
        }
        return fixed == null ? s : fixed.toString();
    }
}
