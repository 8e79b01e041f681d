package dev.awsvault.commands;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.core.config.ProfileConfig;

/**
 * The AWS client settings of login's and rotate's own calls, resolved as the core resolves them for credential
 * sources: the profile's region, {@code AWS_ENDPOINT_URL_<SERVICE>} › {@code AWS_ENDPOINT_URL} › {@code endpoint_url}
 * (the last two are the profile's {@link ProfileConfig#endpointUrl()}), and bounded timeouts and retries.
 */
final class AwsSettings implements AwsClientSettings {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final ProfileConfig profile;
    private final Map<String, String> environment;

    AwsSettings(ProfileConfig profile, Map<String, String> environment) {
        this.profile = profile;
        this.environment = environment;
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
            throw new AwsVaultException("invalid endpoint URL \"" + value + "\" for " + serviceId);
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
