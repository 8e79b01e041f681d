package dev.awsvault.sources.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSourceException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.EndpointAuthScheme;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.endpoints.IamEndpointProvider;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.endpoints.SsoEndpointProvider;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.endpoints.SsoOidcEndpointProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * Builds AWS SDK v2 clients from an {@link AwsClientSettings} only. Everything the SDK would otherwise look up on its
 * own is given explicitly: credentials (anonymous when unsigned), region, endpoint (the override, the legacy global
 * STS endpoint, or the SDK's regional endpoint rules evaluated here), HTTP client, retries, defaults mode, and an
 * empty profile file, so neither the process environment ({@code AWS_ENDPOINT_URL*}, {@code AWS_REGION},
 * {@code AWS_STS_REGIONAL_ENDPOINTS}, {@code AWS_RETRY_MODE}, …) nor {@code ~/.aws/config} changes what a call does.
 */
public final class AwsClients {

    /** The original's error when no region is configured (reference §4.7); there is no us-east-1 fallback. */
    public static final String NO_REGION = "failed to resolve service endpoint, an AWS region is required, but was not found";

    /** The STS global endpoint, used with {@code sts_regional_endpoints = legacy} for {@link #LEGACY_STS_REGIONS}. */
    public static final URI STS_GLOBAL_ENDPOINT = URI.create("https://sts.amazonaws.com");

    /** The 16 regions that {@code sts_regional_endpoints = legacy} sends to the global endpoint. */
    public static final Set<String> LEGACY_STS_REGIONS = Set.of("ap-northeast-1", "ap-south-1", "ap-southeast-1",
            "ap-southeast-2", "aws-global", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
            "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2");

    /** The longest a call may take with all its attempts, unless the settings' timeouts need more for one attempt. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final ProfileFile NO_PROFILES = ProfileFile.aggregator().build();

    private AwsClients() {
    }

    /** Where STS calls go and the region they are signed for. */
    public record StsTarget(URI endpoint, Region signingRegion) {
    }

    /**
     * The STS endpoint for these settings: the override ({@code AWS_ENDPOINT_URL_STS} › {@code AWS_ENDPOINT_URL} ›
     * {@code endpoint_url}), else the global endpoint (signed for us-east-1, as the SDKs' legacy endpoint data says)
     * with {@code sts_regional_endpoints = legacy} in a legacy region or with region {@code aws-global}, else the
     * SDK's regional endpoint for the region.
     */
    public static StsTarget stsTarget(AwsClientSettings settings) throws CredentialSourceException {
        String name = settings.region().map(String::strip).filter(r -> !r.isEmpty())
                .orElseThrow(() -> new CredentialSourceException(NO_REGION));
        Region region = Region.of(name);
        Optional<URI> override = settings.endpoint("STS");
        if (override.isPresent()) {
            return new StsTarget(override.get(), region);
        }
        if (name.equals("aws-global") || settings.useLegacyGlobalStsEndpoint() && LEGACY_STS_REGIONS.contains(name)) {
            return new StsTarget(STS_GLOBAL_ENDPOINT, Region.US_EAST_1);
        }
        try {
            URI url = StsEndpointProvider.defaultProvider().resolveEndpoint(p -> p.region(region).useFips(false)
                    .useDualStack(false).useGlobalEndpoint(false)).join().url();
            return new StsTarget(url, region);
        } catch (RuntimeException e) {
            throw new CredentialSourceException("failed to resolve service endpoint for region " + name + ": "
                    + AwsErrors.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * An STS client signed with {@code credentials}, or unsigned when {@code null} (web identity). The caller closes
     * it; the URLConnection HTTP client holds no resources between calls.
     */
    public static StsClient sts(AwsClientSettings settings, AwsCredentials credentials) throws CredentialSourceException {
        return sts(stsTarget(settings), settings, credentials);
    }

    /**
     * Builds a client, makes one STS call with it and closes it; an SDK error becomes a
     * {@link CredentialSourceException} with {@link AwsErrors}' one-line message.
     *
     * @param operation the STS operation name for messages, e.g. {@code GetSessionToken}
     * @param credentials the credentials to sign with, or {@code null} for an unsigned call
     */
    public static <T> T callSts(AwsClientSettings settings, AwsCredentials credentials, String operation,
                                StsCall<T> call) throws CredentialSourceException {
        StsTarget target = stsTarget(settings);
        try (StsClient client = sts(target, settings, credentials)) {
            return call.call(client);
        } catch (SdkException e) {
            throw new CredentialSourceException(AwsErrors.describe("STS", operation, target.endpoint(), e), e);
        }
    }

    /** One call on an STS client. */
    @FunctionalInterface
    public interface StsCall<T> {
        T call(StsClient client);
    }

    /** Where IAM calls go and the region they are signed for. */
    public record IamTarget(URI endpoint, Region signingRegion) {
    }

    /**
     * The IAM endpoint for these settings: the {@code IAM} override ({@code AWS_ENDPOINT_URL_IAM} ›
     * {@code AWS_ENDPOINT_URL} › {@code endpoint_url}), signed for the region; else the SDK's endpoint rules for the
     * region, which name IAM's one endpoint per partition and the region it is signed for
     * ({@code https://iam.amazonaws.com} and us-east-1 for every commercial region, {@code https://iam.cn-north-1.amazonaws.com.cn}
     * and cn-north-1 in China, {@code https://iam.us-gov.amazonaws.com} and us-gov-west-1 in GovCloud, …).
     */
    public static IamTarget iamTarget(AwsClientSettings settings) throws CredentialSourceException {
        String name = settings.region().map(String::strip).filter(r -> !r.isEmpty())
                .orElseThrow(() -> new CredentialSourceException(NO_REGION));
        Region region = Region.of(name);
        Optional<URI> override = settings.endpoint("IAM");
        if (override.isPresent()) {
            return new IamTarget(override.get(), region);
        }
        try {
            Endpoint endpoint = IamEndpointProvider.defaultProvider().resolveEndpoint(p -> p.region(region)
                    .useFips(false).useDualStack(false)).join();
            Region signing = region;
            java.util.List<EndpointAuthScheme> schemes = endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES);
            if (schemes != null) {
                for (EndpointAuthScheme scheme : schemes) {
                    if (scheme instanceof SigV4AuthScheme sigV4 && sigV4.signingRegion() != null) {
                        signing = Region.of(sigV4.signingRegion());
                        break;
                    }
                }
            }
            return new IamTarget(endpoint.url(), signing);
        } catch (RuntimeException e) {
            throw new CredentialSourceException("failed to resolve service endpoint for region " + name + ": "
                    + AwsErrors.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** An IAM client signed with {@code credentials}, at {@link #iamTarget}. The caller closes it. */
    public static IamClient iam(AwsClientSettings settings, AwsCredentials credentials) throws CredentialSourceException {
        return iam(iamTarget(settings), settings, credentials);
    }

    /**
     * Builds an IAM client, makes one call with it and closes it; an SDK error becomes a
     * {@link CredentialSourceException} with {@link AwsErrors}' one-line message (its cause is the SDK's exception,
     * whose AWS error code {@link AwsErrors#errorCode} gives).
     *
     * @param operation the IAM operation name for messages, e.g. {@code CreateAccessKey}
     */
    public static <T> T callIam(AwsClientSettings settings, AwsCredentials credentials, String operation,
                                IamCall<T> call) throws CredentialSourceException {
        IamTarget target = iamTarget(settings);
        try (IamClient client = iam(target, settings, credentials)) {
            return call.call(client);
        } catch (SdkException e) {
            throw new CredentialSourceException(AwsErrors.describe("IAM", operation, target.endpoint(), e), e);
        }
    }

    /** One call on an IAM client. */
    @FunctionalInterface
    public interface IamCall<T> {
        T call(IamClient client);
    }

    private static IamClient iam(IamTarget target, AwsClientSettings settings, AwsCredentials credentials) {
        return IamClient.builder()
                .httpClient(httpClient(settings))
                .credentialsProvider(credentialsProvider(Objects.requireNonNull(credentials, "credentials")))
                .region(target.signingRegion())
                .endpointOverride(target.endpoint())
                .fipsEnabled(false)
                .dualstackEnabled(false)
                .defaultsMode(DefaultsMode.LEGACY)
                .overrideConfiguration(overrideConfiguration(settings))
                .build();
    }

    /** The credentials provider for {@code credentials}: static basic/session credentials, or anonymous for null. */
    public static AwsCredentialsProvider credentialsProvider(AwsCredentials credentials) {
        if (credentials == null) {
            return AnonymousCredentialsProvider.create();
        }
        return StaticCredentialsProvider.create(credentials.sessionToken()
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials
                        .create(credentials.accessKeyId(), credentials.secretAccessKey(), t))
                .orElseGet(() -> AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())));
    }

    /**
     * The override configuration every client gets: at most {@link AwsClientSettings#maxAttempts()} attempts, a
     * bound on the whole call, and no profile file (the SDK would otherwise read {@code ~/.aws/config}).
     */
    public static ClientOverrideConfiguration overrideConfiguration(AwsClientSettings settings) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(Math.max(1, settings.maxAttempts())).build())
                .apiCallTimeout(callTimeout(settings))
                .defaultProfileFile(NO_PROFILES)
                .defaultProfileName("default")
                .build();
    }

    /** {@link #CALL_TIMEOUT}, or one attempt's connect and read timeouts when they add up to more. */
    static Duration callTimeout(AwsClientSettings settings) {
        Duration oneAttempt = settings.connectTimeout().plus(settings.readTimeout());
        return oneAttempt.compareTo(CALL_TIMEOUT) > 0 ? oneAttempt : CALL_TIMEOUT;
    }

    /**
     * The SSO portal endpoint for {@code ssoRegion}: the {@code SSO} override ({@code AWS_ENDPOINT_URL_SSO} ›
     * {@code AWS_ENDPOINT_URL} › {@code endpoint_url}), else the SDK's endpoint for the region
     * ({@code https://portal.sso.<region>.amazonaws.com}).
     */
    public static URI ssoEndpoint(AwsClientSettings settings, String ssoRegion) throws CredentialSourceException {
        return endpoint(settings, "SSO", ssoRegion, region -> SsoEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region).useFips(false).useDualStack(false)).join().url());
    }

    /**
     * The SSO-OIDC endpoint for {@code ssoRegion}: the {@code SSO_OIDC} override, else the SDK's endpoint for the
     * region ({@code https://oidc.<region>.amazonaws.com}).
     */
    public static URI ssoOidcEndpoint(AwsClientSettings settings, String ssoRegion) throws CredentialSourceException {
        return endpoint(settings, "SSO_OIDC", ssoRegion, region -> SsoOidcEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region).useFips(false).useDualStack(false)).join().url());
    }

    /** The override for {@code serviceId}, else what the SDK's endpoint rules give for the region. */
    private static URI endpoint(AwsClientSettings settings, String serviceId, String ssoRegion,
            java.util.function.Function<Region, URI> rules) throws CredentialSourceException {
        Region region = ssoRegion(ssoRegion);
        Optional<URI> override = settings.endpoint(serviceId);
        if (override.isPresent()) {
            return override.get();
        }
        try {
            return rules.apply(region);
        } catch (RuntimeException e) {
            throw new CredentialSourceException("failed to resolve service endpoint for region " + ssoRegion + ": "
                    + AwsErrors.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * An unsigned (anonymous) SSO portal client in {@code ssoRegion} at {@link #ssoEndpoint}; the bearer token goes in
     * each request. The caller closes it.
     */
    public static SsoClient sso(AwsClientSettings settings, String ssoRegion) throws CredentialSourceException {
        URI endpoint = ssoEndpoint(settings, ssoRegion);
        return SsoClient.builder()
                .httpClient(httpClient(settings))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .region(Region.of(ssoRegion.strip()))
                .endpointOverride(endpoint)
                .fipsEnabled(false)
                .dualstackEnabled(false)
                .defaultsMode(DefaultsMode.LEGACY)
                .overrideConfiguration(overrideConfiguration(settings))
                .build();
    }

    /** An unsigned (anonymous) SSO-OIDC client in {@code ssoRegion} at {@link #ssoOidcEndpoint}. The caller closes it. */
    public static SsoOidcClient ssoOidc(AwsClientSettings settings, String ssoRegion) throws CredentialSourceException {
        URI endpoint = ssoOidcEndpoint(settings, ssoRegion);
        return SsoOidcClient.builder()
                .httpClient(httpClient(settings))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .region(Region.of(ssoRegion.strip()))
                .endpointOverride(endpoint)
                .fipsEnabled(false)
                .dualstackEnabled(false)
                .defaultsMode(DefaultsMode.LEGACY)
                .overrideConfiguration(overrideConfiguration(settings))
                .build();
    }

    private static Region ssoRegion(String ssoRegion) throws CredentialSourceException {
        if (ssoRegion == null || ssoRegion.isBlank()) {
            throw new CredentialSourceException(NO_REGION);
        }
        return Region.of(ssoRegion.strip());
    }

    private static software.amazon.awssdk.http.SdkHttpClient httpClient(AwsClientSettings settings) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.readTimeout())
                .build();
    }

    private static StsClient sts(StsTarget target, AwsClientSettings settings, AwsCredentials credentials) {
        return StsClient.builder()
                .httpClient(httpClient(settings))
                .credentialsProvider(credentialsProvider(credentials))
                .region(target.signingRegion())
                .endpointOverride(target.endpoint())
                .fipsEnabled(false)
                .dualstackEnabled(false)
                .defaultsMode(DefaultsMode.LEGACY)
                .overrideConfiguration(overrideConfiguration(settings))
                .build();
    }
}
