package dev.awsvault.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS credentials: an access key pair, with a session token and an expiry when temporary.
 * {@link #toString()} never shows the secret key or the token.
 */
public final class AwsCredentials {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Instant expiration;

    private AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.sessionToken = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
        this.expiration = expiration;
    }

    /** Long-term credentials: no token, no expiry. */
    public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
        return new AwsCredentials(accessKeyId, secretAccessKey, null, null);
    }

    /** Credentials with an optional session token and an optional expiry ({@code null} for none). */
    public static AwsCredentials of(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, expiration);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** Whether these credentials expire (the original's {@code CanExpire}). */
    public boolean canExpire() {
        return expiration != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AwsCredentials)) {
            return false;
        }
        AwsCredentials that = (AwsCredentials) o;
        return accessKeyId.equals(that.accessKeyId) && secretAccessKey.equals(that.secretAccessKey)
                && Objects.equals(sessionToken, that.sessionToken) && Objects.equals(expiration, that.expiration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, secretAccessKey, sessionToken, expiration);
    }

    /** Shows the access key id masked as the original's {@code rotate} does, and the expiry; never a secret. */
    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + mask(accessKeyId) + (sessionToken != null ? ", session" : "")
                + (expiration != null ? ", expires=" + expiration : "") + "]";
    }

    /** {@code ****************} followed by the last four characters, as the original prints key ids. */
    public static String mask(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 4) {
            return "****************";
        }
        return "****************" + accessKeyId.substring(accessKeyId.length() - 4);
    }
}
