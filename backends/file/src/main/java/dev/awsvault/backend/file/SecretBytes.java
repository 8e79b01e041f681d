package dev.awsvault.backend.file;

import java.util.Arrays;

/** A growable byte buffer for plaintext that zeroes every array it drops. */
final class SecretBytes {
    private byte[] buf;
    private int len;

    SecretBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    SecretBytes append(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    SecretBytes append(byte[] bytes) {
        return append(bytes, bytes.length);
    }

    SecretBytes append(byte[] bytes, int count) {
        ensure(count);
        System.arraycopy(bytes, 0, buf, len, count);
        len += count;
        return this;
    }

    /** Appends ASCII text (no secrets: field names, literals). */
    SecretBytes ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** The content, in a new array the caller clears; this buffer is zeroed. */
    byte[] toArrayAndClear() {
        byte[] out = Arrays.copyOf(buf, len);
        clear();
        return out;
    }

    void clear() {
        Arrays.fill(buf, (byte) 0);
        len = 0;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
    }
}
