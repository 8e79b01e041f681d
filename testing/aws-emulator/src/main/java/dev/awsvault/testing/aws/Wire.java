package dev.awsvault.testing.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small wire helpers: form decoding, XML/JSON writing and JSON reading. */
final class Wire {
    private static final JsonFactory JSON = new JsonFactory();

    private Wire() {
    }

    /** application/x-www-form-urlencoded (also a query string) into an ordered map; later keys win. */
    static void parseForm(String s, Map<String, String> into) {
        if (s == null || s.isEmpty()) {
            return;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    static String el(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + xml(String.valueOf(value)) + "</" + name + ">";
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A JSON object from alternating key/value arguments; null values are left out; strings quoted, others raw. */
    static String jsonObject(Object... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                continue;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(json((String) kv[i])).append(':');
            b.append(v instanceof String s ? json(s) : String.valueOf(v));
        }
        return b.append('}').toString();
    }

    /**
     * A flat JSON object: string/number/boolean members as strings, arrays of scalars as lists. Nested objects are
     * rejected (no operation we serve takes one).
     */
    static Map<String, Object> readJsonObject(byte[] body) throws AwsError {
        Map<String, Object> out = new LinkedHashMap<>();
        if (body.length == 0) {
            return out;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AwsError(400, "SerializationException", "Expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    List<String> list = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken().isStructStart()) {
                            throw new AwsError(400, "SerializationException", "Unexpected nested value in " + name);
                        }
                        list.add(p.getText());
                    }
                    out.put(name, list);
                } else if (t.isStructStart()) {
                    throw new AwsError(400, "SerializationException", "Unexpected object in " + name);
                } else if (t != JsonToken.VALUE_NULL) {
                    out.put(name, p.getText());
                }
            }
            return out;
        } catch (IOException e) {
            throw new AwsError(400, "SerializationException", "Malformed JSON: " + e.getMessage());
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ISO-8601 UTC with seconds precision, as STS writes Expiration. */
    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
