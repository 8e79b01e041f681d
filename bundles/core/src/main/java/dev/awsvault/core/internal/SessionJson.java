package dev.awsvault.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.core.GoJson;

/**
 * The payload of a cached session: the STS {@code Credentials} structure as the original stores it
 * ({@code AccessKeyId}, {@code Expiration} in RFC3339Nano, {@code SecretAccessKey}, {@code SessionToken}).
 */
public final class SessionJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SessionJson() {
    }

    public static byte[] write(AwsCredentials c) {
        StringBuilder sb = new StringBuilder(1024).append("{\"AccessKeyId\":");
        GoJson.quote(sb, c.accessKeyId()).append(",\"Expiration\":");
        GoJson.quote(sb, GoJson.rfc3339Nano(c.expiration().orElseThrow())).append(",\"SecretAccessKey\":");
        GoJson.quote(sb, c.secretAccessKey()).append(",\"SessionToken\":");
        GoJson.quote(sb, c.sessionToken().orElse("")).append('}');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        return bytes;
    }

    /** The credentials, or empty when the payload is not a usable session (the original then fetches anew). */
    public static Optional<AwsCredentials> read(byte[] data) {
        String akid = null;
        String secret = null;
        String token = null;
        String expiration = null;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken t = p.nextToken();
                String value = t == JsonToken.VALUE_STRING ? p.getText() : null;
                if (value == null) {
                    p.skipChildren();
                }
                switch (name) {
                    case "accesskeyid": akid = value; break;
                    case "secretaccesskey": secret = value; break;
                    case "sessiontoken": token = value; break;
                    case "expiration": expiration = value; break;
                    default: break;
                }
            }
            if (akid == null || secret == null || expiration == null) {
                return Optional.empty();
            }
            Instant exp = GoJson.parseTime(expiration);
            return Optional.of(AwsCredentials.of(akid, secret, token, exp));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
