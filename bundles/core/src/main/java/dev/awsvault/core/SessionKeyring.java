package dev.awsvault.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;

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
