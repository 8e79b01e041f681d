package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1}ns")
    @CsvSource({
        "1h, 3600000000000",
        "90m, 5400000000000",
        "1h30m, 5400000000000",
        "1.5h, 5400000000000",
        "300ms, 300000000",
        "-1h, -3600000000000",
        "+1h, 3600000000000",
        "0, 0",
        "+0, 0",
        "-0, 0",
        "0s, 0",
        "1h0m0s, 3600000000000",
        "12h, 43200000000000",
        ".5s, 500000000",
        "1.s, 1000000000",
        "2us, 2000",
        "2µs, 2000",
        "2μs, 2000",
        "7ns, 7",
        "1h1m1s1ms1us1ns, 3661001001001",
        "1.000000001s, 1000000001",
        "2562047h47m16.854775807s, 9223372036854775807",
        "-2562047h47m16.854775808s, -9223372036854775808",
        "9223372036854775807ns, 9223372036854775807",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "h", ".s", "-.s", " 1h", "1h 1m", "9999999999h", "2562047h47m16.854775808s",
        "9223372036854775808ns", "1..5s", "--1h", "0x10s"})
    void rejectsInvalid(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertTrue(e.getMessage().startsWith("time: "), e.getMessage());
    }

    @Test
    void messagesAreGos() {
        assertEquals("time: missing unit in duration \"3600\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("3600")).getMessage());
        assertEquals("time: missing unit in duration \"1h30\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1h30")).getMessage());
        assertEquals("time: invalid duration \"abc\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("abc")).getMessage());
        assertEquals("time: invalid duration \"\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("")).getMessage());
        assertEquals("time: unknown unit \"d\" in duration \"1d\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1d")).getMessage());
        assertEquals("time: unknown unit \"h \" in duration \"1h \"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1h ")).getMessage());
        assertEquals("time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1é")).getMessage());
        assertEquals("time: invalid duration \"a\\\"b\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("a\"b")).getMessage());
    }

    @Test
    void tryParse() {
        assertEquals(Duration.ofMinutes(5), GoDuration.tryParse("5m").orElseThrow());
        assertTrue(GoDuration.tryParse("5").isEmpty());
        assertTrue(GoDuration.tryParse(null).isEmpty());
    }

    @ParameterizedTest(name = "{0}ns -> {1}")
    @CsvSource({
        "3552900000000, 59m12s",
        "3552999999999, 59m12s",
        "3600000000000, 1h0m0s",
        "28800000000000, 8h0m0s",
        "45000000000, 45s",
        "0, 0s",
        "500000000, 0s",
        "-5500000000, -5s",
        "-500000000, 0s",
        "90000000000000, 25h0m0s",
        "61000000000, 1m1s",
        "3601000000000, 1h0m1s",
    })
    void formatTruncatesToSecondsLikeList(long nanos, String expected) {
        assertEquals(expected, GoDuration.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest(name = "{0}ns -> {1}")
    @CsvSource({
        "1500000000, 1.5s",
        "300000000, 300ms",
        "2000, 2µs",
        "2500, 2.5µs",
        "7, 7ns",
        "5400000000000, 1h30m0s",
        "-3600000000000, -1h0m0s",
        "3600000000001, 1h0m0.000000001s",
        "0, 0s",
        "-9223372036854775808, -2562047h47m16.854775808s",
        "9223372036854775807, 2562047h47m16.854775807s",
    })
    void toGoString(long nanos, String expected) {
        assertEquals(expected, GoDuration.toGoString(Duration.ofNanos(nanos)));
    }

    @Test
    void roundTrips() {
        for (long n : new long[] {1, 999, 1000, 1_000_000, 1_500_000_000L, 3_661_000_000_000L, -42_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Duration d = Duration.ofNanos(n);
            assertEquals(d, GoDuration.parse(GoDuration.toGoString(d)), GoDuration.toGoString(d));
        }
    }

    @Test
    void clampsJavaDurationsBeyondGoRange() {
        assertEquals("2562047h47m16.854775807s", GoDuration.toGoString(Duration.ofDays(365L * 1000)));
        assertEquals("-2562047h47m16s", GoDuration.format(Duration.ofDays(-365L * 1000)));
    }
}
