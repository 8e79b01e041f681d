package dev.awsvault.sources.sso;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.api.source.MfaCodes;
import dev.awsvault.api.source.SourceLock;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.api.source.SourceStore;

/** A SourceRequest for tests: values, environment, an in-memory store shared by requests, real per-name locks. */
final class TestRequest implements SourceRequest {
    final Map<String, String> values = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    final Store store;
    final Map<String, ReentrantLock> locks;
    boolean mayOpenBrowser;
    Settings aws;

    TestRequest(URI endpoint, Store store, Map<String, ReentrantLock> locks) {
        this.aws = new Settings("eu-west-1", endpoint);
        this.store = store;
        this.locks = locks;
    }

    TestRequest set(String key, String value) {
        values.put(key, value);
        return this;
    }

    synchronized String output() {
        return messages.toString(StandardCharsets.UTF_8);
    }

    /** One stored item. */
    record Item(byte[] data, String label, String description) {
        String json() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The keystore: items by key, counting removals. */
    static final class Store implements SourceStore {
        final Map<String, Item> items = new ConcurrentHashMap<>();
        int removed;

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(items.get(key)).map(i -> i.data().clone());
        }

        @Override
        public void set(String key, byte[] data, String label, String description) {
            items.put(key, new Item(data.clone(), label, description));
        }

        @Override
        public synchronized boolean remove(String key) {
            removed++;
            return items.remove(key) != null;
        }
    }

    @Override
    public String profileName() {
        return "test";
    }

    @Override
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public Optional<CredentialProvider> upstream() {
        return Optional.empty();
    }

    @Override
    public Duration duration() {
        return Duration.ofHours(1);
    }

    @Override
    public MfaCodes mfa() {
        return serial -> {
            throw new AssertionError("no MFA for SSO");
        };
    }

    @Override
    public AwsClientSettings aws() {
        return aws;
    }

    @Override
    public PrintStream messages() {
        return new PrintStream(messages, true, StandardCharsets.UTF_8);
    }

    @Override
    public boolean mayOpenBrowser() {
        return mayOpenBrowser;
    }

    @Override
    public SourceStore store() {
        return store;
    }

    @Override
    public SourceLock lock(String name) {
        ReentrantLock l = locks.computeIfAbsent(name, n -> new ReentrantLock());
        l.lock();
        return l::unlock;
    }

    /** Every service at the emulator (SSO, SSO_OIDC, STS); 3 s connect / 5 s read; one attempt. */
    record Settings(String regionName, URI endpoint) implements AwsClientSettings {
        @Override
        public Optional<String> region() {
            return Optional.ofNullable(regionName);
        }

        @Override
        public Optional<URI> endpoint(String serviceId) {
            return Optional.ofNullable(endpoint);
        }

        @Override
        public boolean useLegacyGlobalStsEndpoint() {
            return false;
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxAttempts() {
            return 1;
        }
    }
}
