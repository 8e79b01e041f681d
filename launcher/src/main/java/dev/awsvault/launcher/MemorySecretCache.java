package dev.awsvault.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.invocation.SecretCache;

/**
 * The agent's unlock cache: secrets in memory only, each forgotten (its array overwritten) once its time to live has
 * passed since it was kept, or at once on {@link #clear()}. A time to live of zero keeps nothing.
 */
final class MemorySecretCache implements SecretCache {
    private static final class Entry {
        final char[] secret;
        final Instant expires;

        Entry(char[] secret, Instant expires) {
            this.secret = secret;
            this.expires = expires;
        }
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    MemorySecretCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    @Override
    public synchronized char[] get(String key) {
        expire();
        Entry e = entries.get(key);
        return e == null ? null : e.secret.clone();
    }

    @Override
    public synchronized void put(String key, char[] secret) {
        if (ttl.isZero()) {
            return;
        }
        remove(key);
        entries.put(key, new Entry(secret.clone(), clock.instant().plus(ttl)));
    }

    @Override
    public synchronized void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            Arrays.fill(e.secret, '\0');
        }
    }

    /** Forgets every secret at once. */
    synchronized void clear() {
        for (Entry e : entries.values()) {
            Arrays.fill(e.secret, '\0');
        }
        entries.clear();
    }

    /** Forgets the secrets whose time is up; called on every access and by the agent's sweeper. */
    synchronized void expire() {
        Instant now = clock.instant();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!now.isBefore(e.expires)) {
                Arrays.fill(e.secret, '\0');
                it.remove();
            }
        }
    }

    /** When the last kept secret will be forgotten; empty when nothing is kept. */
    synchronized Optional<Instant> unlockedUntil() {
        expire();
        return entries.values().stream().map(e -> e.expires).max(Instant::compareTo);
    }

    synchronized int size() {
        expire();
        return entries.size();
    }
}
