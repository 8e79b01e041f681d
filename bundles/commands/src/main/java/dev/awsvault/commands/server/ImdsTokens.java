package dev.awsvault.commands.server;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * IMDSv2 session tokens ({@code PUT /latest/api/token}): the expiry time and an HMAC over it with a key that lives
 * only as long as the server, so the server keeps no table of tokens and a token from another run is worthless.
 */
final class ImdsTokens {
    /** The limits EC2 puts on {@code X-aws-ec2-metadata-token-ttl-seconds}. */
    static final int MIN_TTL_SECONDS = 1;
    static final int MAX_TTL_SECONDS = 21600;

    private static final int EXPIRY_BYTES = Long.BYTES;
    private static final int MAC_BYTES = 32;

    private final byte[] key = new byte[32];
    private final Clock clock;

    ImdsTokens(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    String issue(Duration ttl) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        ByteBuffer token = ByteBuffer.allocate(EXPIRY_BYTES + MAC_BYTES).putLong(expiry);
        token.put(mac(expiry));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** Whether the token was issued by this server and has not expired. */
    boolean isValid(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != EXPIRY_BYTES + MAC_BYTES) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long expiry = buffer.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        return MessageDigest.isEqual(mac(expiry), mac) && clock.instant().getEpochSecond() < expiry;
    }

    private byte[] mac(long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(EXPIRY_BYTES).putLong(expiry).array());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
