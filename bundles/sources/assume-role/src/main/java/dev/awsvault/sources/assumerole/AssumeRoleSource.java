package dev.awsvault.sources.assumerole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.sources.aws.AwsClients;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * {@code sts.AssumeRole} (the original's {@code AssumeRoleProvider}): assumes {@code role_arn} with the upstream
 * credentials. Sends {@code RoleArn}, {@code RoleSessionName} (default: Unix-nanosecond digits),
 * {@code DurationSeconds} as the core chose it, and when set {@code ExternalId}, {@code SerialNumber} +
 * {@code TokenCode}, {@code Tags}, {@code TransitiveTagKeys}, {@code SourceIdentity}. No caching here.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + CredentialSource.ASSUME_ROLE,
        CredentialSource.KIND + "=" + CredentialSource.KIND_WRAPPER })
public final class AssumeRoleSource implements CredentialSource {

    static final String CHAINING_HINT = "role chaining is limited to 1h by AWS; set duration_seconds / --duration to"
            + " 1h or less for profiles assumed from another role";

    @Override
    public String name() {
        return ASSUME_ROLE;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        Optional<String> roleArn = value(request, "role_arn");
        if (roleArn.isEmpty() || request.upstream().isEmpty()) {
            return Optional.empty();
        }
        CredentialProvider upstream = request.upstream().get();
        return Optional.of(() -> retrieve(request, roleArn.get(), upstream));
    }

    static AwsCredentials retrieve(SourceRequest request, String roleArn, CredentialProvider upstream)
            throws CredentialSourceException {
        AssumeRoleRequest.Builder input = AssumeRoleRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(value(request, "role_session_name").orElseGet(AssumeRoleSource::unixNanos))
                .durationSeconds(Math.toIntExact(request.duration().toSeconds()));
        value(request, "external_id").ifPresent(input::externalId);
        Optional<String> tags = value(request, "session_tags");
        if (tags.isPresent()) {
            input.tags(tags(tags.get()));
        }
        value(request, "transitive_session_tags").map(AssumeRoleSource::keys).filter(k -> !k.isEmpty())
                .ifPresent(input::transitiveTagKeys);
        value(request, "source_identity").ifPresent(input::sourceIdentity);
        Optional<String> serial = value(request, "mfa_serial");
        if (serial.isPresent()) {
            // as the original: the code is asked for before the upstream credentials are resolved
            input.serialNumber(serial.get()).tokenCode(request.mfa().code(serial.get()));
        }
        AwsCredentials base = upstream.retrieve();
        AssumeRoleRequest call = input.build();
        Credentials c;
        try {
            c = AwsClients.callSts(request.aws(), base, "AssumeRole", sts -> sts.assumeRole(call).credentials());
        } catch (CredentialSourceException e) {
            if (e.getCause() instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                    && String.valueOf(ase.awsErrorDetails().errorMessage()).contains("role chaining")) {
                throw new CredentialSourceException(e.getMessage() + " (" + CHAINING_HINT + ")", e.getCause());
            }
            throw e;
        }
        return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /** The original's default session name: {@code time.Now().UnixNano()} as decimal digits. */
    static String unixNanos() {
        Instant now = Instant.now();
        return Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /** {@code k=v,k2=v2} (white space around keys and values ignored) as STS tags, in the given order. */
    static List<Tag> tags(String spec) throws CredentialSourceException {
        List<Tag> tags = new ArrayList<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 0 || entry.substring(0, eq).isBlank()) {
                throw new CredentialSourceException("invalid session_tags entry \"" + entry.strip()
                        + "\": expected key=value");
            }
            tags.add(Tag.builder().key(entry.substring(0, eq).strip()).value(entry.substring(eq + 1).strip()).build());
        }
        return tags;
    }

    /** {@code k1,k2} as a list, white space and empty entries dropped. */
    static List<String> keys(String spec) {
        List<String> keys = new ArrayList<>();
        for (String k : spec.split(",")) {
            if (!k.isBlank()) {
                keys.add(k.strip());
            }
        }
        return keys;
    }

    private static Optional<String> value(SourceRequest request, String key) {
        return request.value(key).filter(v -> !v.isEmpty());
    }
}
