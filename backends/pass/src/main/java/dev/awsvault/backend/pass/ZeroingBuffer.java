package dev.awsvault.backend.pass;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A growable byte buffer for plaintext (pass's stdout): every array it lets go of is zeroed first. */
final class ZeroingBuffer {
    private byte[] bytes;
    private int length;

    ZeroingBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    ZeroingBuffer append(byte[] b, int count) {
        ensure(count);
        System.arraycopy(b, 0, bytes, length, count);
        length += count;
        return this;
    }

    /** Reads {@code in} to its end. */
    ZeroingBuffer readAll(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) > 0;) {
                append(chunk, n);
            }
        } finally {
            Arrays.fill(chunk, (byte) 0);
        }
        return this;
    }

    /** The content in a new array the caller clears; this buffer is zeroed. */
    byte[] toArrayAndClear() {
        byte[] out = Arrays.copyOf(bytes, length);
        clear();
        return out;
    }

    void clear() {
        Arrays.fill(bytes, (byte) 0);
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] bigger = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            Arrays.fill(bytes, (byte) 0);
            bytes = bigger;
        }
    }
}
