package dev.awsvault.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cached session's key: {@code <type>,<b64url(profile)>,<b64url(mfa serial or SSO start URL)>,<unix expiry>},
 * base64 URL-safe without padding, as the original writes it.
 */
public final class SessionKey {
    private static final Pattern CURRENT = Pattern.compile("^([^,]+),([^,]+),([^,]*),([0-9]{1,})$");
    private static final Pattern LEGACY_COLON = Pattern.compile("^session:([^:]+):([^:]*):([0-9]{1,})$");
    private static final Pattern LEGACY_LABEL = Pattern.compile("^(.+?) session \\(([0-9]{1,})\\)$");

    private final String type;
    private final String profileName;
    private final String mfaSerial;
    private final Instant expiration;

    public SessionKey(String type, String profileName, String mfaSerial, Instant expiration) {
        this.type = Objects.requireNonNull(type, "type");
        this.profileName = Objects.requireNonNull(profileName, "profileName");
        this.mfaSerial = mfaSerial == null ? "" : mfaSerial;
        this.expiration = Objects.requireNonNull(expiration, "expiration");
    }

    /** Parses a current-format key; empty for anything else (including legacy keys). */
    public static Optional<SessionKey> parse(String key) {
        Matcher m = CURRENT.matcher(key);
        if (!m.matches() || m.group(1).equals("session")) {
            return Optional.empty();
        }
        try {
            String profile = decode(m.group(2));
            String mfa = decode(m.group(3));
            return Optional.of(new SessionKey(m.group(1), profile, mfa, Instant.ofEpochSecond(Long.parseLong(m.group(4)))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the key is a session key of the current format. */
    public static boolean isSessionKey(String key) {
        return parse(key).isPresent();
    }

    /** Whether the key is one of the legacy session formats the original deletes on sight. */
    public static boolean isLegacySessionKey(String key) {
        Matcher m = CURRENT.matcher(key);
        if (m.matches() && m.group(1).equals("session")) {
            return true;
        }
        return LEGACY_COLON.matcher(key).matches() || LEGACY_LABEL.matcher(key).matches();
    }

    public String type() {
        return type;
    }

    public String profileName() {
        return profileName;
    }

    /** The MFA serial (or, for SSO sessions, the start URL); empty string when none. */
    public String mfaSerial() {
        return mfaSerial;
    }

    public Instant expiration() {
        return expiration;
    }

    /** The prefix shared by every key of this type, profile and serial. */
    public String prefix() {
        return type + "," + encode(profileName) + "," + encode(mfaSerial) + ",";
    }

    @Override
    public String toString() {
        return prefix() + expiration.getEpochSecond();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionKey && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
