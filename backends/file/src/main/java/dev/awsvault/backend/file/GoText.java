package dev.awsvault.backend.file;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.TimeZone;

/** The two bits of Go text formatting the original shows: {@code %q} quoting and {@code time.Time.String()}. */
final class GoText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoText() {
    }

    /**
     * {@code strconv.Quote}: double quotes; {@code "} and {@code \} escaped; control and other non-printable
     * characters as {@code \n}, {@code \x1b}, <code>&#92;u200b</code>, <code>&#92;U0001f600</code>-style escapes. The result is
     * always one line.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"': b.append("\\\""); continue;
                case '\\': b.append("\\\\"); continue;
                case 0x07: b.append("\\a"); continue;
                case '\b': b.append("\\b"); continue;
                case '\f': b.append("\\f"); continue;
                case '\n': b.append("\\n"); continue;
                case '\r': b.append("\\r"); continue;
                case '\t': b.append("\\t"); continue;
                case 0x0b: b.append("\\v"); continue;
                default:
            }
            if (isPrint(cp)) {
                b.appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7f) {
                b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
            } else if (cp < 0x10000) {
                hex(b.append("\\u"), cp, 4);
            } else {
                hex(b.append("\\U"), cp, 8);
            }
        }
        return b.append('"').toString();
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static void hex(StringBuilder b, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(value >> shift) & 0xf]);
        }
    }

    /**
     * Go's {@code time.Now().String()}, e.g. {@code 2026-11-28 15:37:09.986525825 +0000 UTC m=+0.016091136}: the
     * fraction without trailing zeros, numeric offset, zone abbreviation and the monotonic reading in seconds
     * (Go's is "since process start"; ours is {@code monotonicNanos}, measured by the caller).
     */
    static String timeString(Instant now, ZoneId zone, long monotonicNanos) {
        ZonedDateTime t = now.atZone(zone);
        LocalDateTime l = t.toLocalDateTime();
        StringBuilder b = new StringBuilder(64);
        pad(b, l.getYear(), 4).append('-');
        pad(b, l.getMonthValue(), 2).append('-');
        pad(b, l.getDayOfMonth(), 2).append(' ');
        pad(b, l.getHour(), 2).append(':');
        pad(b, l.getMinute(), 2).append(':');
        pad(b, l.getSecond(), 2);
        int nanos = l.getNano();
        if (nanos != 0) {
            StringBuilder f = pad(new StringBuilder(9), nanos, 9);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        }
        int offset = t.getOffset().getTotalSeconds();
        b.append(' ').append(offset < 0 ? '-' : '+');
        pad(b, Math.abs(offset) / 3600, 2);
        pad(b, Math.abs(offset) / 60 % 60, 2);
        b.append(' ').append(abbreviation(t, offset));
        long m = Math.abs(monotonicNanos);
        b.append(" m=").append(monotonicNanos < 0 ? '-' : '+').append(m / 1_000_000_000L).append('.');
        return pad(b, (int) (m % 1_000_000_000L), 9).toString();
    }

    private static String abbreviation(ZonedDateTime t, int offset) {
        ZoneId zone = t.getZone();
        String id = zone.getId();
        if (offset == 0 && (zone instanceof ZoneOffset || id.equals("UTC") || id.equals("Etc/UTC")
                || id.equals("Etc/UCT") || id.equals("UCT") || id.equals("Universal") || id.equals("Zulu"))) {
            return "UTC"; // the common case in containers, without loading time-zone name data
        }
        if (zone instanceof ZoneOffset) {
            return t.getOffset().getId().replace(":", ""); // Go prints the offset when a zone has no name
        }
        TimeZone tz = TimeZone.getTimeZone(zone);
        return tz.getDisplayName(tz.inDaylightTime(java.util.Date.from(t.toInstant())), TimeZone.SHORT, Locale.US);
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
