package dev.awsvault.sources.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.awsvault.api.source.AwsClientSettings;

/** Fixed client settings: an STS and IAM endpoint override (or none), the design note's 3 s / 5 s / 2 attempts. */
record TestSettings(String regionName, URI sts, boolean legacy, Duration connect, Duration read, int attempts)
        implements AwsClientSettings {

    static TestSettings at(URI endpoint) {
        return new TestSettings("eu-west-1", endpoint, false, Duration.ofSeconds(3), Duration.ofSeconds(5), 2);
    }

    TestSettings region(String r) {
        return new TestSettings(r, sts, legacy, connect, read, attempts);
    }

    TestSettings legacyGlobal(boolean l) {
        return new TestSettings(regionName, sts, l, connect, read, attempts);
    }

    TestSettings maxAttempts(int n) {
        return new TestSettings(regionName, sts, legacy, connect, read, n);
    }

    @Override
    public Optional<String> region() {
        return Optional.ofNullable(regionName);
    }

    @Override
    public Optional<URI> endpoint(String serviceId) {
        return "STS".equals(serviceId) || "IAM".equals(serviceId) ? Optional.ofNullable(sts) : Optional.empty();
    }

    @Override
    public boolean useLegacyGlobalStsEndpoint() {
        return legacy;
    }

    @Override
    public Duration connectTimeout() {
        return connect;
    }

    @Override
    public Duration readTimeout() {
        return read;
    }

    @Override
    public int maxAttempts() {
        return attempts;
    }
}
