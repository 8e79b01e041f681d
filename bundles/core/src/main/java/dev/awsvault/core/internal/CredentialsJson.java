package dev.awsvault.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.awsvault.core.GoJson;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The payload of a long-term credential item: Go's {@code aws.Credentials} as JSON. Written exactly as the
 * original writes it; read as Go reads it (field names case-insensitive, unknown fields such as the fork's
 * {@code AccountID} ignored).
 */
public final class CredentialsJson {
    private static final JsonFactory JSON = new JsonFactory();

    private CredentialsJson() {
    }

    public static byte[] writeLongTerm(AwsCredentials c) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"AccessKeyID\":");
        GoJson.quote(sb, c.accessKeyId());
        sb.append(",\"SecretAccessKey\":");
        GoJson.quote(sb, c.secretAccessKey());
        sb.append(",\"SessionToken\":");
        GoJson.quote(sb, c.sessionToken().orElse(""));
        sb.append(",\"Source\":\"\",\"CanExpire\":").append(c.canExpire());
        sb.append(",\"Expires\":");
        GoJson.quote(sb, c.expiration().map(GoJson::rfc3339Nano).orElse(GoJson.ZERO_TIME));
        sb.append('}');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        return bytes;
    }

    public static AwsCredentials readLongTerm(byte[] data, String profile) throws KeystoreException {
        String akid = null;
        String secret = null;
        String token = null;
        boolean canExpire = false;
        String expires = null;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(profile);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken t = p.nextToken();
                switch (name) {
                    case "accesskeyid": akid = text(p, t); break;
                    case "secretaccesskey": secret = text(p, t); break;
                    case "sessiontoken": token = text(p, t); break;
                    case "canexpire": canExpire = t == JsonToken.VALUE_TRUE; break;
                    case "expires": expires = text(p, t); break;
                    default: p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw invalid(profile);
        }
        if (akid == null || akid.isEmpty() || secret == null || secret.isEmpty()) {
            throw new KeystoreException("stored credentials for profile '" + profile + "' have no access key");
        }
        Instant expiration = null;
        if (canExpire && expires != null && !expires.equals(GoJson.ZERO_TIME)) {
            try {
                expiration = GoJson.parseTime(expires);
            } catch (DateTimeParseException e) {
                throw invalid(profile);
            }
        }
        return AwsCredentials.of(akid, secret, token, expiration);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return p.getValueAsString();
    }

    private static KeystoreException invalid(String profile) {
        return new KeystoreException("stored credentials for profile '" + profile + "' are not valid JSON");
    }
}
