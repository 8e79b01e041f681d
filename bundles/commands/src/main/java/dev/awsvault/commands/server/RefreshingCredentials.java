package dev.awsvault.commands.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;

/**
 * Credentials a server keeps in memory: handed out while they have more than the minimum TTL left (so a client never
 * gets credentials that are about to expire), otherwise fetched again from the provider, which has the session cache
 * and its cross-process lock under it. Fetches are serialised by a lock the caller shares between all the providers
 * of one server: many clients asking at once wait for one fetch, and the keystore and the prompts are never used by
 * two threads at a time.
 */
public final class RefreshingCredentials implements CredentialProvider {
    private final CredentialProvider source;
    private final Duration minTtl;
    private final ReentrantLock fetches;
    private final Clock clock;
    private volatile AwsCredentials current;

    public RefreshingCredentials(CredentialProvider source, Duration minTtl, ReentrantLock fetches) {
        this(source, minTtl, fetches, Clock.systemUTC());
    }

    RefreshingCredentials(CredentialProvider source, Duration minTtl, ReentrantLock fetches, Clock clock) {
        this.source = source;
        this.minTtl = minTtl;
        this.fetches = fetches;
        this.clock = clock;
    }

    @Override
    public AwsCredentials retrieve() {
        AwsCredentials held = current;
        if (fresh(held)) {
            return held;
        }
        fetches.lock();
        try {
            held = current;
            if (fresh(held)) {
                return held;
            }
            // What the source gives is served even when it has less than the minimum TTL (a session shorter than
            // AWS_MIN_TTL): nothing fresher can be had, and the next request asks again.
            held = source.retrieve();
            current = held;
            return held;
        } finally {
            fetches.unlock();
        }
    }

    private boolean fresh(AwsCredentials c) {
        if (c == null) {
            return false;
        }
        Instant threshold = clock.instant().plus(minTtl);
        return c.expiration().map(e -> e.isAfter(threshold)).orElse(true);
    }
}
