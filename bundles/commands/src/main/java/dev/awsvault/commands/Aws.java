package dev.awsvault.commands;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.sources.aws.AwsClients;
import dev.awsvault.sources.aws.AwsErrors;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The STS and IAM calls of {@code login} and {@code rotate}, through the shared client builders (explicit HTTP client,
 * bounded timeouts, endpoint overrides). The only class here that names AWS SDK types: the bundle imports the SDK
 * dynamically, so it is resolved when one of these calls is first made. Failures are
 * {@link dev.awsvault.api.source.CredentialSourceException}s with the original's one-line message.
 */
final class Aws {
    private Aws() {
    }

    /** {@code sts:GetCallerIdentity}: the ARN the credentials act as. */
    static String callerArn(AwsClientSettings settings, AwsCredentials credentials) {
        return AwsClients.callSts(settings, credentials, "GetCallerIdentity", sts -> sts.getCallerIdentity().arn());
    }

    /** {@code sts:GetFederationToken} with an inline session policy. */
    static AwsCredentials federationToken(AwsClientSettings settings, AwsCredentials credentials, String name,
            String policy, Duration duration) {
        Credentials c = AwsClients.callSts(settings, credentials, "GetFederationToken", sts -> sts.getFederationToken(
                b -> b.name(name).policy(policy).durationSeconds(Math.toIntExact(duration.toSeconds()))).credentials());
        return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /** {@code iam:CreateAccessKey} for {@code userName}, or for the calling user when null. */
    static AwsCredentials createAccessKey(AwsClientSettings settings, AwsCredentials credentials, String userName) {
        AccessKey key = AwsClients.callIam(settings, credentials, "CreateAccessKey",
                iam -> iam.createAccessKey(b -> b.userName(userName)).accessKey());
        return AwsCredentials.of(key.accessKeyId(), key.secretAccessKey());
    }

    /** {@code iam:DeleteAccessKey} of {@code accessKeyId}, owned by {@code userName} or by the calling user when null. */
    static void deleteAccessKey(AwsClientSettings settings, AwsCredentials credentials, String accessKeyId,
            String userName) {
        AwsClients.callIam(settings, credentials, "DeleteAccessKey",
                iam -> iam.deleteAccessKey(b -> b.accessKeyId(accessKeyId).userName(userName)));
    }

    /** {@code iam:ListAccessKeys}: the ids of the user's access keys, oldest first as IAM lists them. */
    static List<String> accessKeyIds(AwsClientSettings settings, AwsCredentials credentials, String userName) {
        return AwsClients.callIam(settings, credentials, "ListAccessKeys",
                iam -> iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().stream()
                        .map(AccessKeyMetadata::accessKeyId).toList());
    }

    /** The AWS error code of a failed call ({@code LimitExceeded}, …), if AWS answered with one. */
    static Optional<String> errorCode(Throwable e) {
        return AwsErrors.errorCode(e);
    }
}
