package dev.awsvault.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.core.config.ProfileConfig;

/**
 * Client settings from the caller's environment and the profile, the standard SDK way but resolved here:
 * {@code AWS_ENDPOINT_URL_<SERVICE>} › {@code AWS_ENDPOINT_URL} › the profile's {@code endpoint_url}. Timeouts and
 * retries are bounded so an unreachable endpoint fails within seconds. Credential sources get them from the core;
 * commands that call AWS themselves ({@code login}, {@code rotate}) use {@link #of}.
 */
public final class ClientSettings implements AwsClientSettings {
    /** The bound on connecting to an AWS endpoint. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The bound on waiting for an answer. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final ProfileConfig profile;
    private final Map<String, String> environment;

    ClientSettings(ProfileConfig profile, Map<String, String> environment) {
        this.profile = profile;
        this.environment = environment;
    }

    /** The settings for calls made for {@code profile} on behalf of a caller with {@code environment}. */
    public static AwsClientSettings of(ProfileConfig profile, Map<String, String> environment) {
        return new ClientSettings(profile, environment);
    }

    @Override
    public Optional<String> region() {
        return profile.region().isEmpty() ? Optional.empty() : Optional.of(profile.region());
    }

    @Override
    public Optional<URI> endpoint(String serviceId) {
        String specific = environment.get("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT));
        String value = specific != null && !specific.isEmpty() ? specific : profile.endpointUrl();
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new CredentialSourceException("invalid endpoint URL \"" + value + "\" for " + serviceId);
        }
    }

    @Override
    public boolean useLegacyGlobalStsEndpoint() {
        return "legacy".equalsIgnoreCase(profile.stsRegionalEndpoints());
    }

    @Override
    public Duration connectTimeout() {
        return CONNECT_TIMEOUT;
    }

    @Override
    public Duration readTimeout() {
        return READ_TIMEOUT;
    }

    @Override
    public int maxAttempts() {
        return 2;
    }
}
