package dev.awsvault.sources.sessiontoken;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.sources.aws.AwsClients;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;

/**
 * {@code sts.GetSessionToken} (the original's {@code SessionTokenProvider}): a wrapper around the upstream (stored)
 * credentials. Sends {@code DurationSeconds} as the core chose it, and {@code SerialNumber} + {@code TokenCode} when
 * the (effective) {@code mfa_serial} is set. No caching here: the core wraps this in the session cache.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + CredentialSource.GET_SESSION_TOKEN,
        CredentialSource.KIND + "=" + CredentialSource.KIND_WRAPPER })
public final class SessionTokenSource implements CredentialSource {

    @Override
    public String name() {
        return GET_SESSION_TOKEN;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        return request.upstream().map(upstream -> () -> retrieve(request, upstream));
    }

    static AwsCredentials retrieve(SourceRequest request, CredentialProvider upstream)
            throws CredentialSourceException {
        GetSessionTokenRequest.Builder input = GetSessionTokenRequest.builder()
                .durationSeconds(Math.toIntExact(request.duration().toSeconds()));
        Optional<String> serial = request.value("mfa_serial").filter(s -> !s.isEmpty());
        if (serial.isPresent()) {
            // as the original: the code is asked for before the upstream credentials are resolved
            input.serialNumber(serial.get()).tokenCode(request.mfa().code(serial.get()));
        }
        AwsCredentials base = upstream.retrieve();
        GetSessionTokenRequest call = input.build();
        Credentials c = AwsClients.callSts(request.aws(), base, "GetSessionToken",
                sts -> sts.getSessionToken(call).credentials());
        return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }
}
