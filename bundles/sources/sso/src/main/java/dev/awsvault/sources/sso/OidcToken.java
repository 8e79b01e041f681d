package dev.awsvault.sources.sso;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The keystore item {@code oidc:<sso_start_url>} (reference §5.2), in the original's shape:
 * {@code {"Token":{"AccessToken":…,"ExpiresIn":28800,"IdToken":null,"RefreshToken":null,"TokenType":"Bearer",
 * "ResultMetadata":{}},"Expiration":"<RFC3339Nano>"}}.
 * <ul>
 * <li>{@code Expiration} is written in UTC ({@code Z}); the original writes the local offset. Both parse either.</li>
 * <li>When the token has a refresh token, the registered client's {@code ClientId} and {@code ClientSecret} follow
 * {@code Expiration} as extra top-level fields (needed for the refresh grant). The original's decoder ignores unknown
 * fields, and keeping them inside this item (rather than under a key of their own) keeps {@code list} of the original
 * from showing them as credentials.</li>
 * <li>Field names are read case-insensitively and unknown fields are ignored, as Go's decoder does.</li>
 * </ul>
 */
record OidcToken(String accessToken, int expiresIn, String refreshToken, String tokenType, Instant expiration,
                 String clientId, String clientSecret) {

    static final String KEY_PREFIX = "oidc:";
    static final String DESCRIPTION = "aws-vault oidc token";
    private static final JsonFactory JSON = new JsonFactory();

    static String key(String startUrl) {
        return KEY_PREFIX + startUrl;
    }

    static String label(String startUrl, Instant expiration) {
        return "aws-vault oidc token for " + startUrl + " (expires " + rfc3339(expiration) + ")";
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }

    boolean canRefresh() {
        return refreshToken != null && !refreshToken.isEmpty() && clientId != null && clientSecret != null;
    }

    @Override
    public String toString() {
        return "OidcToken[expiration=" + expiration + ", refreshable=" + canRefresh() + "]";
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("Token");
            g.writeStringField("AccessToken", accessToken);
            g.writeNumberField("ExpiresIn", expiresIn);
            g.writeNullField("IdToken");
            if (refreshToken == null) {
                g.writeNullField("RefreshToken");
            } else {
                g.writeStringField("RefreshToken", refreshToken);
            }
            g.writeStringField("TokenType", tokenType == null ? "Bearer" : tokenType);
            g.writeObjectFieldStart("ResultMetadata");
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("Expiration", rfc3339Nano(expiration));
            if (refreshToken != null && clientId != null && clientSecret != null) {
                g.writeStringField("ClientId", clientId);
                g.writeStringField("ClientSecret", clientSecret);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The item, or empty when it is not a token item this code can use (malformed, no token, no expiry). */
    static Optional<OidcToken> parse(byte[] data) {
        Map<String, Object> top;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            top = object(p);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!(top.get("token") instanceof Map<?, ?> token)) {
            return Optional.empty();
        }
        Object access = token.get("accesstoken");
        Object expiration = top.get("expiration");
        if (!(access instanceof String a) || a.isEmpty() || !(expiration instanceof String exp)) {
            return Optional.empty();
        }
        Instant expires;
        try {
            expires = OffsetDateTime.parse(exp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        int expiresIn = token.get("expiresin") instanceof Number n ? n.intValue() : 0;
        return Optional.of(new OidcToken(a, expiresIn, str(token.get("refreshtoken")), str(token.get("tokentype")),
                expires, str(top.get("clientid")), str(top.get("clientsecret"))));
    }

    private static String str(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }

    /** An object's fields with lower-cased names (Go matches names case-insensitively); nested objects as maps. */
    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName().toLowerCase(Locale.ROOT);
            JsonToken t = p.nextToken();
            Object v = switch (t) {
                case START_OBJECT -> object(p);
                case START_ARRAY -> {
                    p.skipChildren();
                    yield null;
                }
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> null;
            };
            m.putIfAbsent(name, v);
        }
        return m;
    }

    /** Go's {@code time.RFC3339} in UTC: seconds, no fraction. */
    static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** Go's {@code time.RFC3339Nano} in UTC: the fraction without trailing zeros, none when zero. */
    static String rfc3339Nano(Instant t) {
        String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t.atOffset(ZoneOffset.UTC));
        int nanos = t.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String f = String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
        return base + "." + f + "Z";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
