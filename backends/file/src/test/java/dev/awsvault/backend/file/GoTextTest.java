package dev.awsvault.backend.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class GoTextTest {

    @Test
    void timeStringMatchesTheFixturesCreatedValue() {
        Instant t = Instant.parse("2026-11-28T15:37:09.986525825Z");
        assertEquals("2026-11-28 15:37:09.986525825 +0000 UTC m=+0.016091136",
                GoText.timeString(t, ZoneId.of("Etc/UTC"), 16_091_136L));
        assertEquals("2026-11-28 15:37:09.986525825 +0000 UTC m=+0.016091136",
                GoText.timeString(t, ZoneOffset.UTC, 16_091_136L));
    }

    @Test
    void timeStringTrimsTheFractionAndNamesTheZone() {
        assertEquals("2023-05-25 07:30:06.123 +1000 AEST m=+12.000000001", GoText.timeString(
                Instant.parse("2023-05-24T21:30:06.123Z"), ZoneId.of("Australia/Sydney"), 12_000_000_001L));
        assertEquals("2023-01-02 03:04:05 -0800 PST m=+0.000000000", GoText.timeString(
                Instant.parse("2023-01-02T11:04:05Z"), ZoneId.of("America/Los_Angeles"), 0));
        assertEquals("2023-01-02 14:34:05.5 +0330 +0330 m=+0.000000000", GoText.timeString(
                Instant.parse("2023-01-02T11:04:05.5Z"), ZoneOffset.ofHoursMinutes(3, 30), 0));
    }

    @Test
    void quoteIsGoPercentQ() {
        assertEquals("\"/home/u/.awsvault/keys/\"", GoText.quote("/home/u/.awsvault/keys/"));
        assertEquals("\"a\\\"b\\\\c\"", GoText.quote("a\"b\\c"));
        assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\\x00\\x1b\\x7f\"", GoText.quote("\u0007\b\f\n\r\t\u000b\u0000\u001b\u007f"));
        assertEquals("\"é 日本 😀\"", GoText.quote("é 日本 😀"));
        assertEquals("\"\\u200b\\u00a0\\u2028\\U000f0000\"", GoText.quote("\u200b\u00a0\u2028\udb80\udc00"));
    }
}
