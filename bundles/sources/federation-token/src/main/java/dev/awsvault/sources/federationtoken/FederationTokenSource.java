package dev.awsvault.sources.federationtoken;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.sources.aws.AwsClients;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetFederationTokenRequest;

/**
 * {@code sts.GetFederationToken} (the original's {@code FederationTokenProvider}, reference §4.5 and §8 step 3.3): a
 * wrapper around the upstream (stored) IAM user credentials. Sends {@code Name} = the IAM user name truncated to
 * {@value #MAX_NAME_LENGTH} characters, {@code Policy} = {@value #ALLOW_ALL_POLICY}, and {@code DurationSeconds} as
 * the core chose it. No caching here.
 *
 * <p>The user name: the original asks {@code iam:GetUser} (or parses the ARN out of its AccessDenied message).
 * {@link AwsClients} builds no IAM client, so this source asks {@code sts:GetCallerIdentity} instead and takes the
 * name from the ARN it returns, {@code arn:<partition>:iam::<account>:user/<path/><name>}: the part after the last
 * {@code /}. The result is the same user name; GetCallerIdentity needs no permission at all, so there is no
 * AccessDenied case to parse. Credentials that are not an IAM user's (root, roles, federated users) are refused
 * before GetFederationToken is called.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + FederationTokenSource.NAME_VALUE,
        CredentialSource.KIND + "=" + CredentialSource.KIND_WRAPPER })
public final class FederationTokenSource implements CredentialSource {

    /** The source's name (also its {@link CredentialSource#NAME} property). */
    static final String NAME_VALUE = "sts.GetFederationToken";

    /** The longest {@code Name} GetFederationToken accepts. */
    static final int MAX_NAME_LENGTH = 32;

    /** The original's policy: allow everything (the session gets the user's own permissions). */
    static final String ALLOW_ALL_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @Override
    public String name() {
        return NAME_VALUE;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        return request.upstream().map(upstream -> () -> retrieve(request, upstream));
    }

    static AwsCredentials retrieve(SourceRequest request, CredentialProvider upstream)
            throws CredentialSourceException {
        int duration = Math.toIntExact(request.duration().toSeconds());
        AwsCredentials base = upstream.retrieve();
        String arn = AwsClients.callSts(request.aws(), base, "GetCallerIdentity",
                sts -> sts.getCallerIdentity().arn());
        GetFederationTokenRequest call = GetFederationTokenRequest.builder()
                .name(federatedName(userName(arn)))
                .policy(ALLOW_ALL_POLICY)
                .durationSeconds(duration)
                .build();
        Credentials c = AwsClients.callSts(request.aws(), base, "GetFederationToken",
                sts -> sts.getFederationToken(call).credentials());
        return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /**
     * The IAM user name in an IAM user ARN ({@code arn:<partition>:iam::<account>:user/<path/><name>}).
     *
     * @throws CredentialSourceException when the ARN is not an IAM user's
     */
    static String userName(String arn) throws CredentialSourceException {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("iam") && parts[5].startsWith("user/")) {
            String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
            if (!name.isEmpty()) {
                return name;
            }
        }
        throw new CredentialSourceException("GetFederationToken needs the credentials of an IAM user, but these are"
                + " for " + arn);
    }

    /** {@code userName} cut to {@link #MAX_NAME_LENGTH} characters, as GetFederationToken requires. */
    static String federatedName(String userName) {
        return userName.length() > MAX_NAME_LENGTH ? userName.substring(0, MAX_NAME_LENGTH) : userName;
    }
}
