package dev.awsvault.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;

class RefreshingCredentialsTest {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final AtomicInteger fetches = new AtomicInteger();

    private AwsCredentials expiringIn(Duration d) {
        return AwsCredentials.of("ASIA" + fetches.get(), "secret", "token", NOW.plus(d));
    }

    @Test
    void servedWhileMoreThanTheMinimumTtlIsLeft() {
        RefreshingCredentials c = new RefreshingCredentials(() -> {
            fetches.incrementAndGet();
            return expiringIn(Duration.ofMinutes(6));
        }, Duration.ofMinutes(5), new ReentrantLock(), clock);
        AwsCredentials first = c.retrieve();
        assertSame(first, c.retrieve());
        assertEquals(1, fetches.get());
    }

    @Test
    void fetchedAgainWithinTheMinimumTtl() {
        RefreshingCredentials c = new RefreshingCredentials(() -> {
            fetches.incrementAndGet();
            return expiringIn(Duration.ofMinutes(5));
        }, Duration.ofMinutes(5), new ReentrantLock(), clock);
        c.retrieve();
        c.retrieve();
        assertEquals(2, fetches.get(), "exactly 5 minutes left is not more than AWS_MIN_TTL");
    }

    @Test
    void credentialsWithoutExpiryAreKept() {
        RefreshingCredentials c = new RefreshingCredentials(() -> {
            fetches.incrementAndGet();
            return AwsCredentials.of("AKIA", "secret");
        }, Duration.ofMinutes(5), new ReentrantLock(), clock);
        c.retrieve();
        c.retrieve();
        assertEquals(1, fetches.get());
    }

    @Test
    void failuresAreNotKeptAndTheNextRequestTriesAgain() {
        RefreshingCredentials c = new RefreshingCredentials(() -> {
            if (fetches.incrementAndGet() == 1) {
                throw new CredentialSourceException("STS is down");
            }
            return expiringIn(Duration.ofHours(1));
        }, Duration.ofMinutes(5), new ReentrantLock(), clock);
        assertEquals("STS is down", assertThrows(CredentialSourceException.class, c::retrieve).getMessage());
        assertEquals("ASIA2", c.retrieve().accessKeyId());
    }

    @Test
    void manyCallersAtOnceWaitForOneFetch() throws Exception {
        CountDownLatch inFetch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RefreshingCredentials c = new RefreshingCredentials(() -> {
            fetches.incrementAndGet();
            inFetch.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return expiringIn(Duration.ofHours(1));
        }, Duration.ofMinutes(5), new ReentrantLock(), clock);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<AwsCredentials>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(c::retrieve));
            }
            inFetch.await(10, TimeUnit.SECONDS);
            Thread.sleep(100); // the others are queued on the fetch by now
            release.countDown();
            for (Future<AwsCredentials> f : results) {
                assertEquals("ASIA1", f.get(10, TimeUnit.SECONDS).accessKeyId());
            }
            assertEquals(1, fetches.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
