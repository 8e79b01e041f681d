package dev.awsvault.api.source;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How to build AWS clients for one request, all resolved from the caller's environment and config (never read
 * by the SDK on its own): the region, endpoint overrides ({@code AWS_ENDPOINT_URL_<SERVICE>} ›
 * {@code AWS_ENDPOINT_URL} › the profile's {@code endpoint_url}), and bounded timeouts and retries.
 */
@ProviderType
public interface AwsClientSettings {

    /** The region; empty when none is configured. */
    Optional<String> region();

    /**
     * The endpoint override for a service, by its SDK id in upper snake case as in {@code AWS_ENDPOINT_URL_<ID>}:
     * {@code STS}, {@code SSO}, {@code SSO_OIDC}, {@code IAM}.
     */
    Optional<URI> endpoint(String serviceId);

    /** Whether STS calls go to the global endpoint ({@code sts_regional_endpoints = legacy} for the legacy regions). */
    boolean useLegacyGlobalStsEndpoint();

    Duration connectTimeout();

    Duration readTimeout();

    /** Attempts per call, the first one included. */
    int maxAttempts();
}
