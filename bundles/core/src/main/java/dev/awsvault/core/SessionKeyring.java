package dev.awsvault.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.core.internal.SessionJson;

/** Cached sessions and OIDC tokens in the keystore, in the original's key formats. */
public final class SessionKeyring {
    /** Prefix of OIDC token keys: {@code oidc:<sso_start_url>}. */
    public static final String OIDC_PREFIX = "oidc:";

    private final Keystore keystore;

    SessionKeyring(Keystore keystore) {
        this.keystore = keystore;
    }

    public static boolean isOidcKey(String key) {
        return key.startsWith(OIDC_PREFIX);
    }

    /** Every current-format session key. */
    public List<SessionKey> keys() throws KeystoreException {
        List<SessionKey> sessions = new ArrayList<>();
        for (String key : keystore.keys()) {
            SessionKey.parse(key).ifPresent(sessions::add);
        }
        return sessions;
    }

    /** OIDC token keys ({@code oidc:<start URL>}). */
    public List<String> oidcTokenKeys() throws KeystoreException {
        List<String> keys = new ArrayList<>();
        for (String key : keystore.keys()) {
            if (isOidcKey(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The newest cached session stored under {@code prefix} ({@link SessionKey#prefix()}), if it decodes; the
     * original looks a session up by that prefix.
     */
    public Optional<AwsCredentials> get(SessionKey lookup) throws KeystoreException {
        String prefix = lookup.prefix();
        SessionKey newest = null;
        for (SessionKey k : keys()) {
            if (k.toString().startsWith(prefix) && (newest == null || k.expiration().isAfter(newest.expiration()))) {
                newest = k;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        Optional<dev.awsvault.api.keystore.KeystoreItem> item = keystore.get(newest.toString());
        if (item.isEmpty()) {
            return Optional.empty();
        }
        byte[] data = item.get().data();
        try {
            return SessionJson.read(data);
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * Stores a session under {@code type,profile,mfa,<expiry>} with the original's label and description, and
     * removes the older sessions of the same prefix.
     */
    public void set(String type, String profile, String mfaSerial, AwsCredentials credentials) throws KeystoreException {
        java.time.Instant expiration = credentials.expiration()
                .orElseThrow(() -> new KeystoreException("only expiring credentials are cached"));
        SessionKey key = new SessionKey(type, profile, mfaSerial, expiration);
        byte[] data = SessionJson.write(credentials);
        try {
            keystore.set(new KeystoreItem(key.toString(), data, "aws-vault session for " + profile + " (expires "
                    + GoJson.rfc3339(expiration) + ")", "aws-vault session", false, false));
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
        for (SessionKey other : keys()) {
            if (other.prefix().equals(key.prefix()) && !other.equals(key)) {
                keystore.remove(other.toString());
            }
        }
    }

    /** Removes expired sessions (by the time in the key) and legacy keys, as the original does on every get/set. */
    public int removeOldSessions(Instant now) throws KeystoreException {
        int n = 0;
        for (String key : keystore.keys()) {
            Optional<SessionKey> s = SessionKey.parse(key);
            boolean old = s.map(k -> k.expiration().isBefore(now)).orElse(SessionKey.isLegacySessionKey(key));
            if (old && keystore.remove(key)) {
                n++;
            }
        }
        return n;
    }

    /** Removes every session of a profile; returns how many. */
    public int removeForProfile(String profile) throws KeystoreException {
        int n = 0;
        for (SessionKey s : keys()) {
            if (s.profileName().equals(profile) && keystore.remove(s.toString())) {
                n++;
            }
        }
        return n;
    }

    /** Removes every session (current and legacy) and every OIDC token; returns how many. */
    public int removeAll() throws KeystoreException {
        int n = 0;
        for (String key : keystore.keys()) {
            if ((SessionKey.isSessionKey(key) || SessionKey.isLegacySessionKey(key) || isOidcKey(key))
                    && keystore.remove(key)) {
                n++;
            }
        }
        return n;
    }
}
