package dev.awsvault.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * JSON text the way Go's encoding/json writes it, so what we store is byte-for-byte what the original stores:
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, lower-case hex, and times in RFC3339Nano.
 */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** Go's zero {@code time.Time}, as JSON writes it. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private GoJson() {
    }

    /** Appends {@code s} as a JSON string literal. */
    public static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    /** A UTC instant in Go's RFC3339Nano (fraction without trailing zeros), e.g. {@code 2026-11-28T10:00:00Z}. */
    public static String rfc3339Nano(Instant t) {
        return RFC3339_NANO.format(t.atOffset(ZoneOffset.UTC));
    }

    /** A UTC instant in RFC3339 with seconds, as the original's {@code iso8601.Format}: {@code 2026-11-28T10:00:00Z}. */
    public static String rfc3339(Instant t) {
        return RFC3339.format(t.atOffset(ZoneOffset.UTC).withNano(0));
    }

    /** Parses RFC3339 with any offset and optional fraction, as Go's time.Time unmarshalling accepts. */
    public static Instant parseTime(String s) {
        return java.time.OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
}
