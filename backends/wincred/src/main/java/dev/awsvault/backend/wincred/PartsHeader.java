package dev.awsvault.backend.wincred;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the head credential of a split item says about its parts, kept in the attribute {@value #KEYWORD}:
 * {@code v1 gen=<16 hex> parts=<n> size=<bytes> sha256=<64 hex>} (ASCII, well under the 256-byte value limit).
 * The generation names the parts of one write: its first 8 hex digits are the write's Unix time in seconds, the
 * other 8 are random, so parts left by a crashed or concurrent write never collide with the live ones and their age
 * is known.
 */
record PartsHeader(String generation, int parts, int size, String sha256) {
    static final String KEYWORD = "aws-vault-parts";
    /** At most 10 MiB in parts of 2,560 bytes: anything larger is not an aws-vault payload. */
    static final int MAX_PARTS = 4096;
    private static final Pattern FORMAT = Pattern.compile(
            "v1 gen=([0-9a-f]{16}) parts=([0-9]{1,4}) size=([0-9]{1,8}) sha256=([0-9a-f]{64})");

    static PartsHeader describe(String generation, byte[] data, int partSize) {
        int parts = (data.length + partSize - 1) / partSize;
        return new PartsHeader(generation, parts, data.length, sha256(data));
    }

    /**
     * The header of a split item's head, or null for an item in the original's layout. A split head always holds a
     * full first chunk: a header beside any other blob size is stale (a writer that kept the attributes replaced the
     * blob) and is ignored.
     */
    static PartsHeader of(Credential head) throws MalformedException {
        byte[] value = head.attribute(KEYWORD);
        if (value == null || head.blob().length != WinCredKeystore.MAX_BLOB) {
            return null;
        }
        return parse(new String(value, StandardCharsets.US_ASCII));
    }

    static PartsHeader parse(String text) throws MalformedException {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new MalformedException();
        }
        PartsHeader header = new PartsHeader(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4));
        if (header.parts < 2 || header.parts > MAX_PARTS) {
            throw new MalformedException();
        }
        return header;
    }

    Credential.Attribute toAttribute() {
        return new Credential.Attribute(KEYWORD, format().getBytes(StandardCharsets.US_ASCII));
    }

    String format() {
        return "v1 gen=" + generation + " parts=" + parts + " size=" + size + " sha256=" + sha256;
    }

    boolean matches(byte[] data) {
        return data.length == size && MessageDigest.isEqual(
                sha256.getBytes(StandardCharsets.US_ASCII), sha256(data).getBytes(StandardCharsets.US_ASCII));
    }

    /** A new generation for a write made at {@code epochSeconds}. */
    static String generation(long epochSeconds, int random) {
        return String.format("%08x%08x", epochSeconds & 0xffffffffL, random);
    }

    /** The Unix time (seconds) a generation was made at. */
    static long createdAt(String generation) {
        return Long.parseLong(generation.substring(0, 8), 16);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The attribute is there but not in the format above. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException() {
            super(null, null, false, false);
        }
    }
}
