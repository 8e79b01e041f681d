package dev.awsvault.core.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} and {@code time.Duration.String()}, which aws-vault uses for {@code --duration},
 * the {@code AWS_*_TTL} variables and the time-left column of {@code list}.
 *
 * <p>Syntax: an optional sign, then one or more {@code <number><unit>} pairs, where the number may have a fraction
 * ({@code 1.5h}, {@code .5s}) and the unit is one of {@code ns us µs μs ms s m h}. A lone {@code 0} (optionally
 * signed) is zero; any other number without a unit is an error, so {@code 3600} is invalid. Durations are limited to
 * the range of a signed 64-bit count of nanoseconds (about 292 years).
 */
public final class GoDuration {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long TWO_63 = Long.MIN_VALUE; // 1<<63 as an unsigned value

    private GoDuration() {
    }

    /**
     * Parses Go duration syntax.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"},
     *     {@code time: missing unit in duration "3600"}, {@code time: unknown unit "d" in duration "1d"}
     */
    public static Duration parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("time: invalid duration " + quote(""));
        }
        String orig = s;
        long d = 0; // unsigned accumulator
        boolean neg = false;
        int p = 0;
        int n = s.length();
        if (n > 0) {
            char c = s.charAt(0);
            if (c == '-' || c == '+') {
                neg = c == '-';
                p = 1;
            }
        }
        if (s.substring(p).equals("0")) {
            return Duration.ZERO;
        }
        if (p == n) {
            throw invalid(orig);
        }
        while (p < n) {
            char c = s.charAt(p);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                throw invalid(orig);
            }
            // leading integer
            long v = 0;
            int start = p;
            while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, 10)) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (s.charAt(p) - '0');
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(orig);
                }
                p++;
            }
            boolean pre = p != start;
            // fraction
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (p < n && s.charAt(p) == '.') {
                p++;
                int fstart = p;
                boolean overflow = false;
                while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                    if (!overflow) {
                        if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                            overflow = true;
                        } else {
                            long y = f * 10 + (s.charAt(p) - '0');
                            if (Long.compareUnsigned(y, TWO_63) > 0) {
                                overflow = true;
                            } else {
                                f = y;
                                scale *= 10;
                            }
                        }
                    }
                    p++;
                }
                post = p != fstart;
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            // unit
            int ustart = p;
            while (p < n) {
                char u = s.charAt(p);
                if (u == '.' || (u >= '0' && u <= '9')) {
                    break;
                }
                p++;
            }
            if (p == ustart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String u = s.substring(ustart, p);
            long unit = unit(u);
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                v += (long) (unsignedToDouble(f) * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(orig);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_63) > 0 || Long.compareUnsigned(d, v) < 0) {
                throw invalid(orig);
            }
        }
        if (neg) {
            return Duration.ofNanos(-d);
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(orig);
        }
        return Duration.ofNanos(d);
    }

    /** {@link #parse} without the exception: empty for invalid input. */
    public static Optional<Duration> tryParse(String s) {
        try {
            return Optional.of(parse(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Go's {@code d.Truncate(time.Second).String()}, as {@code list} shows time left: {@code 59m12s},
     * {@code 1h0m0s}, {@code 8h0m0s}, {@code 45s}, {@code 0s}, {@code -5s}. Truncation is toward zero.
     */
    public static String format(Duration d) {
        long nanos = saturatedNanos(d);
        return toGoString(Duration.ofNanos(nanos - nanos % NANOS_PER_SECOND));
    }

    /**
     * Go's {@code time.Duration.String()} without truncation: {@code 1h30m0s}, {@code 1.5s}, {@code 300ms},
     * {@code 2µs}, {@code 7ns}, {@code 0s}. Durations beyond Go's range are clamped to it.
     */
    public static String toGoString(Duration d) {
        long nanos = saturatedNanos(d);
        char[] buf = new char[32];
        int w = buf.length;
        boolean neg = nanos < 0;
        long u = neg ? -nanos : nanos; // unsigned; MIN_VALUE stays 1<<63
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            int prec;
            buf[--w] = 's';
            w--;
            if (u == 0) {
                buf[w] = '0';
                return new String(buf, w, buf.length - w);
            } else if (u < 1_000L) {
                prec = 0;
                buf[w] = 'n';
            } else if (u < 1_000_000L) {
                prec = 3;
                buf[w] = 'µ';
            } else {
                prec = 6;
                buf[w] = 'm';
            }
            long[] state = {w, u};
            fmtFrac(buf, state, prec);
            w = (int) state[0];
            w = fmtInt(buf, w, state[1]);
        } else {
            buf[--w] = 's';
            long[] state = {w, u};
            fmtFrac(buf, state, 9);
            w = (int) state[0];
            u = state[1]; // integer seconds
            w = fmtInt(buf, w, Long.remainderUnsigned(u, 60));
            u = Long.divideUnsigned(u, 60);
            if (u > 0) {
                buf[--w] = 'm';
                w = fmtInt(buf, w, u % 60);
                u /= 60;
                if (u > 0) {
                    buf[--w] = 'h';
                    w = fmtInt(buf, w, u);
                }
            }
        }
        if (neg) {
            buf[--w] = '-';
        }
        return new String(buf, w, buf.length - w);
    }

    private static void fmtFrac(char[] buf, long[] state, int prec) {
        int w = (int) state[0];
        long v = state[1];
        boolean print = false;
        for (int i = 0; i < prec; i++) {
            long digit = Long.remainderUnsigned(v, 10);
            print = print || digit != 0;
            if (print) {
                buf[--w] = (char) ('0' + digit);
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (print) {
            buf[--w] = '.';
        }
        state[0] = w;
        state[1] = v;
    }

    private static int fmtInt(char[] buf, int w, long v) {
        if (v == 0) {
            buf[--w] = '0';
        } else {
            while (v != 0) {
                buf[--w] = (char) ('0' + Long.remainderUnsigned(v, 10));
                v = Long.divideUnsigned(v, 10);
            }
        }
        return w;
    }

    private static double unsignedToDouble(long x) {
        return x >= 0 ? (double) x : (double) (x >>> 1) * 2.0;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long unit(String u) {
        switch (u) {
            case "ns":
                return 1L;
            case "us":
            case "\u00b5s": // micro sign
            case "\u03bcs": // Greek mu
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return NANOS_PER_SECOND;
            case "m":
                return 60 * NANOS_PER_SECOND;
            case "h":
                return 3600 * NANOS_PER_SECOND;
            default:
                return 0;
        }
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig));
    }

    /** Go's {@code time.quote}: non-ASCII and control characters as {@code \xNN} UTF-8 bytes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp >= 0x80 || cp < ' ') {
                for (byte b : s.substring(i, i + len).getBytes(StandardCharsets.UTF_8)) {
                    sb.append("\\x").append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
            } else {
                if (cp == '"' || cp == '\\') {
                    sb.append('\\');
                }
                sb.append((char) cp);
            }
            i += len;
        }
        return sb.append('"').toString();
    }
}
