package dev.awsvault.backend.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.awsvault.keystore.json.ItemJson;

/**
 * The one JWE flavour the original (jose2go) writes: compact serialization, {@code PBES2-HS256+A128KW} key
 * management (PBKDF2-HMAC-SHA256, salt {@code alg || 0x00 || p2s}, AES-128 key wrap of a 32-byte CEK) and
 * {@code A256GCM} content encryption (12-byte IV, 16-byte tag, AAD = the ASCII of the encoded header). Only the
 * JDK's JCA does cryptography here. Error messages describe the format, never a secret.
 */
final class JweCodec {
    static final String ALG = "PBES2-HS256+A128KW";
    static final String ENC = "A256GCM";
    static final int ITERATIONS = 8192;
    /** As jose2go v1.6+: a bigger {@code p2c} is refused (a file could otherwise make us spin for minutes). */
    static final int MAX_ITERATIONS = 1_300_000;
    private static final int SALT_BYTES = 12;
    private static final int CEK_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    /** Limit for {@code "zip":"DEF"} content (which jose2go can read, though aws-vault never writes it). */
    private static final int MAX_INFLATED = 1 << 20;

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final JsonFactory HEADER_JSON = new JsonFactory();

    private JweCodec() {
    }

    /** Why a token could not be decrypted. */
    enum Failure { MALFORMED, UNSUPPORTED, WRONG_PASSPHRASE }

    static final class JweException extends Exception {
        private static final long serialVersionUID = 1L;
        final Failure failure;

        JweException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }
    }

    /** The protected-header fields we use. */
    record Header(String alg, String enc, long p2c, byte[] p2s, String zip, String created) {
    }

    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** Encrypts {@code plaintext}; {@code created} is the informational header value. */
    static String encrypt(byte[] plaintext, char[] passphrase, String created) throws GeneralSecurityException {
        byte[] salt = random(SALT_BYTES);
        byte[] cek = random(CEK_BYTES);
        byte[] iv = random(IV_BYTES);
        SecretKeySpec cekKey = new SecretKeySpec(cek, "AES");
        try {
            SecretBytes json = new SecretBytes(160);
            json.ascii("{\"alg\":\"" + ALG + "\",\"created\":");
            json.append(ItemJson.jsonString(created).getBytes(StandardCharsets.UTF_8)); // a Go map, Go's escaping
            json.ascii(",\"enc\":\"" + ENC + "\",\"p2c\":" + ITERATIONS + ",\"p2s\":\"" + B64URL.encodeToString(salt)
                    + "\"}");
            String header = B64URL.encodeToString(json.toArrayAndClear());

            Cipher wrap = Cipher.getInstance("AESWrap");
            byte[] kek = deriveKey(passphrase, salt, ITERATIONS);
            try {
                wrap.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
            byte[] encryptedKey = wrap.wrap(cekKey);

            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, cekKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
            gcm.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(plaintext); // ciphertext || tag
            int n = sealed.length - TAG_BYTES;
            return header + '.' + B64URL.encodeToString(encryptedKey) + '.' + B64URL.encodeToString(iv) + '.'
                    + B64URL.encodeToString(Arrays.copyOfRange(sealed, 0, n)) + '.'
                    + B64URL.encodeToString(Arrays.copyOfRange(sealed, n, sealed.length));
        } finally {
            Arrays.fill(cek, (byte) 0);
            destroy(cekKey);
        }
    }

    /** Decrypts a token to its plaintext (which the caller clears). */
    static byte[] decrypt(String token, char[] passphrase) throws JweException {
        String[] parts = split(token);
        Header h = header(parts[0]);
        byte[] encryptedKey = part(parts, 1, "encrypted key");
        byte[] iv = part(parts, 2, "IV");
        byte[] ciphertext = part(parts, 3, "ciphertext");
        byte[] tag = part(parts, 4, "authentication tag");
        if (encryptedKey.length != CEK_BYTES + 8) {
            throw new JweException(Failure.MALFORMED, "the encrypted key has " + encryptedKey.length
                    + " bytes, expected " + (CEK_BYTES + 8));
        }
        if (iv.length != IV_BYTES || tag.length != TAG_BYTES) {
            throw new JweException(Failure.MALFORMED, "IV or tag of the wrong length (truncated file?)");
        }
        byte[] cek = null;
        try {
            Cipher unwrap = Cipher.getInstance("AESWrap");
            byte[] kek = deriveKey(passphrase, h.p2s(), (int) h.p2c());
            try {
                unwrap.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
            Key unwrapped;
            try {
                unwrapped = unwrap.unwrap(encryptedKey, "AES", Cipher.SECRET_KEY);
            } catch (InvalidKeyException e) { // RFC 3394 integrity check failed: another passphrase
                throw new JweException(Failure.WRONG_PASSPHRASE, "wrong passphrase");
            }
            cek = unwrapped.getEncoded();
            destroy(unwrapped);
            SecretKeySpec cekKey = new SecretKeySpec(cek, "AES");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, cekKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
            destroy(cekKey);
            gcm.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
            gcm.update(ciphertext);
            byte[] plaintext;
            try {
                plaintext = gcm.doFinal(tag);
            } catch (AEADBadTagException e) {
                throw new JweException(Failure.MALFORMED, "the content does not match its authentication tag"
                        + " (the file was changed or damaged)");
            }
            return "DEF".equals(h.zip()) ? inflate(plaintext) : plaintext;
        } catch (GeneralSecurityException e) {
            throw new JweException(Failure.MALFORMED, "cannot decrypt: " + e.getClass().getSimpleName());
        } finally {
            if (cek != null) {
                Arrays.fill(cek, (byte) 0);
            }
        }
    }

    /** Splits and checks the protected header of a token, without a passphrase. */
    static Header headerOf(String token) throws JweException {
        return header(split(token)[0]);
    }

    private static String[] split(String token) throws JweException {
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 5) {
            throw new JweException(Failure.MALFORMED, "not a JWE compact serialization (" + parts.length
                    + " parts instead of 5; truncated file?)");
        }
        return parts;
    }

    private static byte[] part(String[] parts, int index, String what) throws JweException {
        try {
            return B64URL_DECODER.decode(parts[index]);
        } catch (IllegalArgumentException e) {
            throw new JweException(Failure.MALFORMED, "the " + what + " is not base64url");
        }
    }

    private static Header header(String encoded) throws JweException {
        String alg = null;
        String enc = null;
        String zip = null;
        String created = null;
        String p2s = null;
        long p2c = -1;
        try (JsonParser p = HEADER_JSON.createParser(B64URL_DECODER.decode(encoded))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JweException(Failure.MALFORMED, "the JWE header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "alg": alg = t == JsonToken.VALUE_STRING ? p.getText() : null; break;
                    case "enc": enc = t == JsonToken.VALUE_STRING ? p.getText() : null; break;
                    case "zip": zip = t == JsonToken.VALUE_STRING ? p.getText() : null; break;
                    case "created": created = t == JsonToken.VALUE_STRING ? p.getText() : null; break;
                    case "p2s": p2s = t == JsonToken.VALUE_STRING ? p.getText() : null; break;
                    case "p2c": p2c = iterations(p, t); break;
                    default: p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new JweException(Failure.MALFORMED, "unexpected data after the JWE header");
            }
        } catch (IllegalArgumentException e) {
            throw new JweException(Failure.MALFORMED, "the JWE header is not base64url");
        } catch (IOException e) {
            throw new JweException(Failure.MALFORMED, "the JWE header is not valid JSON");
        }
        if (!ALG.equals(alg)) {
            throw new JweException(Failure.UNSUPPORTED, "unsupported JWE key management algorithm "
                    + GoText.quote(String.valueOf(alg)) + " (only " + ALG + " is supported)");
        }
        if (!ENC.equals(enc)) {
            throw new JweException(Failure.UNSUPPORTED, "unsupported JWE content encryption "
                    + GoText.quote(String.valueOf(enc)) + " (only " + ENC + " is supported)");
        }
        if (zip != null && !zip.equals("DEF")) {
            throw new JweException(Failure.UNSUPPORTED, "unsupported JWE compression " + GoText.quote(zip));
        }
        if (p2c < 1) {
            throw new JweException(Failure.MALFORMED, "the JWE header has no valid p2c (iteration count)");
        }
        if (p2c > MAX_ITERATIONS) {
            throw new JweException(Failure.UNSUPPORTED, "the JWE iteration count p2c=" + p2c + " exceeds the limit of "
                    + MAX_ITERATIONS);
        }
        if (p2s == null) {
            throw new JweException(Failure.MALFORMED, "the JWE header has no p2s (salt)");
        }
        byte[] salt;
        try {
            salt = B64URL_DECODER.decode(p2s);
        } catch (IllegalArgumentException e) {
            throw new JweException(Failure.MALFORMED, "the JWE salt p2s is not base64url");
        }
        return new Header(alg, enc, p2c, salt, zip, created);
    }

    /** An integer; jose2go reads JSON numbers as float64, so {@code 8192.0} is accepted too. */
    private static long iterations(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d == Math.rint(d) ? (d > Long.MAX_VALUE ? Long.MAX_VALUE : (long) d) : -1;
        }
        p.skipChildren();
        return -1;
    }

    private static byte[] deriveKey(char[] passphrase, byte[] p2s, int iterations) throws GeneralSecurityException {
        byte[] salt = new byte[ALG.length() + 1 + p2s.length];
        System.arraycopy(ALG.getBytes(StandardCharsets.US_ASCII), 0, salt, 0, ALG.length());
        System.arraycopy(p2s, 0, salt, ALG.length() + 1, p2s.length);
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 128); // the JDK encodes chars as UTF-8
        try {
            SecretKey key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec);
            byte[] kek = key.getEncoded();
            destroy(key);
            return kek;
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] inflate(byte[] compressed) throws JweException {
        Inflater inflater = new Inflater(true);
        SecretBytes out = new SecretBytes(compressed.length * 4);
        byte[] chunk = new byte[4096];
        try {
            inflater.setInput(compressed);
            int total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new JweException(Failure.MALFORMED, "the compressed content is truncated");
                }
                total += n;
                if (total > MAX_INFLATED) {
                    throw new JweException(Failure.UNSUPPORTED, "the compressed content is larger than "
                            + MAX_INFLATED + " bytes");
                }
                out.append(chunk, n);
            }
            return out.toArrayAndClear();
        } catch (DataFormatException e) {
            throw new JweException(Failure.MALFORMED, "the compressed content is damaged");
        } finally {
            inflater.end();
            out.clear();
            Arrays.fill(chunk, (byte) 0);
            Arrays.fill(compressed, (byte) 0);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        Random.INSTANCE.nextBytes(b);
        return b;
    }

    private static void destroy(Object key) {
        if (key instanceof javax.security.auth.Destroyable) {
            try {
                ((javax.security.auth.Destroyable) key).destroy();
            } catch (DestroyFailedException | RuntimeException e) {
                // not destroyable in this JDK: best effort only
            }
        }
    }
}
