package dev.awsvault.testing.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Real AWS SDK v2 clients pointed at an emulator: explicit HTTP client, bounded timeouts, no retries. */
final class Sdk {
    static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(15))
            .build();

    private Sdk() {
    }

    static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(30))
                .build();
    }

    static AwsCredentialsProvider basic(String akid, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(akid, secret));
    }

    static AwsCredentialsProvider session(String akid, String secret, String token) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(akid, secret, token));
    }

    static AwsCredentialsProvider session(Credentials c) {
        return session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    static StsClient sts(AwsEmulator emu, AwsCredentialsProvider creds) {
        return sts(emu, creds, Region.US_EAST_1);
    }

    static StsClient sts(AwsEmulator emu, AwsCredentialsProvider creds, Region region) {
        return StsClient.builder().endpointOverride(emu.endpoint()).region(region).credentialsProvider(creds)
                .httpClient(HTTP).overrideConfiguration(noRetries()).build();
    }

    static StsClient anonymousSts(AwsEmulator emu) {
        return sts(emu, AnonymousCredentialsProvider.create());
    }

    static IamClient iam(AwsEmulator emu, AwsCredentialsProvider creds, Region region) {
        return IamClient.builder().endpointOverride(emu.endpoint()).region(region).credentialsProvider(creds)
                .httpClient(HTTP).overrideConfiguration(noRetries()).build();
    }

    static SsoClient sso(AwsEmulator emu) {
        return SsoClient.builder().endpointOverride(emu.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(HTTP).overrideConfiguration(noRetries()).build();
    }

    static SsoOidcClient oidc(AwsEmulator emu) {
        return SsoOidcClient.builder().endpointOverride(emu.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(HTTP).overrideConfiguration(noRetries()).build();
    }
}
