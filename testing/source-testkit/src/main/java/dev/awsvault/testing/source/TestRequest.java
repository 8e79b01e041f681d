package dev.awsvault.testing.source;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.api.source.MfaCodes;
import dev.awsvault.api.source.SourceRequest;

/** A fixed SourceRequest for tests: values, environment, upstream, duration, recorded MFA codes, emulator settings. */
public final class TestRequest implements SourceRequest {
    public final Map<String, String> values = new HashMap<>();
    public final Map<String, String> env = new HashMap<>();
    public final List<String> mfaAsked = new ArrayList<>();
    public final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    public CredentialProvider upstream;
    public Duration duration = Duration.ofHours(1);
    public String mfaCode = "000000";
    public Settings aws;

    public TestRequest(URI endpoint) {
        aws = new Settings("eu-west-1", endpoint, 2);
    }

    public TestRequest set(String key, String value) {
        values.put(key, value);
        return this;
    }

    public TestRequest upstream(AwsCredentials c) {
        upstream = () -> c;
        return this;
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
        return Optional.ofNullable(upstream);
    }

    @Override
    public Duration duration() {
        return duration;
    }

    @Override
    public MfaCodes mfa() {
        return serial -> {
            mfaAsked.add(serial);
            return mfaCode;
        };
    }

    @Override
    public AwsClientSettings aws() {
        return aws;
    }

    @Override
    public PrintStream messages() {
        return new PrintStream(messages, true);
    }

    /** STS at the emulator, the design note's 3 s connect / 5 s read timeouts. */
    public record Settings(String regionName, URI sts, int maxAttempts) implements AwsClientSettings {
        @Override
        public Optional<String> region() {
            return Optional.ofNullable(regionName);
        }

        @Override
        public Optional<URI> endpoint(String serviceId) {
            return "STS".equals(serviceId) ? Optional.ofNullable(sts) : Optional.empty();
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
    }

    @Override
    public boolean mayOpenBrowser() {
        return false;
    }

    @Override
    public dev.awsvault.api.source.SourceStore store() {
        throw new UnsupportedOperationException("not used by this source");
    }

    @Override
    public dev.awsvault.api.source.SourceLock lock(String name) {
        return () -> { };
    }
}
