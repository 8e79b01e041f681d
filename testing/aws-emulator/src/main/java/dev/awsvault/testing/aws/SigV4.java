package dev.awsvault.testing.aws;

import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side check of AWS Signature Version 4 (Authorization header form), written from the public specification so
 * that it is independent of the SDK under test. Test code only.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private SigV4() {
    }

    /** The parsed Authorization header. */
    record Auth(String accessKeyId, String date, String region, String service, String terminator,
                List<String> signedHeaders, String signature, String amzDate) {
        String scope() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }
    }

    /** Parses the Authorization header; null when there is none. */
    static Auth parse(Headers h) throws AwsError {
        String header = h.getFirst("Authorization");
        if (header == null || header.isBlank()) {
            return null;
        }
        header = header.trim();
        int sp = header.indexOf(' ');
        String alg = sp < 0 ? header : header.substring(0, sp);
        if (!ALGORITHM.equals(alg)) {
            throw new AwsError(400, "IncompleteSignature", "Unsupported AWS 'algorithm': '" + alg + "'");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(sp + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            switch (k) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signedHeaders = v;
                case "Signature" -> signature = v;
                default -> { }
            }
        }
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        String amzDate = h.getFirst("X-Amz-Date");
        if (amzDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw new AwsError(400, "IncompleteSignature", missing.toString().trim() + " Authorization=" + alg);
        }
        String[] c = credential.split("/");
        if (c.length != 5) {
            throw new AwsError(400, "IncompleteSignature", "Credential should be scoped to a valid region. ");
        }
        List<String> names = new ArrayList<>();
        for (String n : signedHeaders.split(";")) {
            names.add(n.trim().toLowerCase(Locale.ROOT));
        }
        if (!names.contains("host")) {
            throw new AwsError(400, "IncompleteSignature",
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new Auth(c[0], c[1], c[2], c[3], c[4], List.copyOf(names), signature, amzDate);
    }

    static Instant amzDate(Auth a) throws AwsError {
        try {
            return LocalDateTime.parse(a.amzDate(), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new AwsError(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '"
                    + a.amzDate() + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** The request's time must be within 15 minutes of the (real) wall clock, as AWS requires. */
    static void checkTime(Auth a, Instant now) throws AwsError {
        Instant t = amzDate(a);
        if (t.isBefore(now.minus(MAX_SKEW))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Signature expired: " + a.amzDate()
                    + " is now earlier than " + fmt(now.minus(MAX_SKEW)) + " (" + fmt(now) + " - 15 min.)");
        }
        if (t.isAfter(now.plus(MAX_SKEW))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Signature not yet current: " + a.amzDate()
                    + " is still later than " + fmt(now.plus(MAX_SKEW)) + " (" + fmt(now) + " + 15 min.)");
        }
    }

    private static String fmt(Instant t) {
        return AMZ_DATE.format(t.atOffset(ZoneOffset.UTC));
    }

    /** Recomputes the signature of the request with the given secret key. */
    static String expectedSignature(Auth a, String secret, String method, String rawPath, String rawQuery,
                                    Headers headers, byte[] body) {
        String canonicalRequest = canonicalRequest(a, method, rawPath, rawQuery, headers, body);
        String stringToSign = ALGORITHM + "\n" + a.amzDate() + "\n" + a.scope() + "\n"
                + Wire.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), a.date());
        key = hmac(key, a.region());
        key = hmac(key, a.service());
        key = hmac(key, a.terminator());
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    static boolean signatureMatches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(Auth a, String method, String rawPath, String rawQuery, Headers headers,
                                   byte[] body) {
        StringBuilder cr = new StringBuilder();
        cr.append(method).append('\n');
        cr.append(canonicalUri(rawPath)).append('\n');
        cr.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : a.signedHeaders()) {
            List<String> values = headers.get(name);
            List<String> normalized = new ArrayList<>();
            if (values != null) {
                for (String v : values) {
                    normalized.add(v.trim().replaceAll(" +", " "));
                }
            }
            cr.append(name).append(':').append(String.join(",", normalized)).append('\n');
        }
        cr.append('\n');
        cr.append(String.join(";", a.signedHeaders())).append('\n');
        String payloadHash = headers.getFirst("X-Amz-Content-Sha256");
        cr.append(payloadHash != null ? payloadHash : Wire.sha256Hex(body));
        return cr.toString();
    }

    /** Non-S3 services: the (already encoded) path is encoded once more, segment by segment. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String seg : rawPath.split("/", -1)) {
            segments.add(uriEncode(seg));
        }
        return String.join("/", segments);
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String p : rawQuery.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String k = percentDecode(eq < 0 ? p : p.substring(0, eq));
            String v = eq < 0 ? "" : percentDecode(p.substring(eq + 1));
            pairs.add(new String[] {uriEncode(k), uriEncode(v)});
        }
        pairs.sort((x, y) -> x[0].equals(y[0]) ? x[1].compareTo(y[1]) : x[0].compareTo(y[0]));
        StringBuilder b = new StringBuilder();
        for (String[] p : pairs) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(p[0]).append('=').append(p[1]);
        }
        return b.toString();
    }

    /** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
    static String uriEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    /** Percent-decoding only ('+' stays '+', unlike form decoding). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1)) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int at) {
        return at + 1 < s.length() && Character.digit(s.charAt(at), 16) >= 0 && Character.digit(s.charAt(at + 1), 16) >= 0;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
