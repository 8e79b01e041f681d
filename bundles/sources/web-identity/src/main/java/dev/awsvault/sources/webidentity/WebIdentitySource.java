package dev.awsvault.sources.webidentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.core.Shell;
import dev.awsvault.sources.aws.AwsClients;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code sts.AssumeRoleWithWebIdentity} (the original's {@code AssumeRoleWithWebIdentityProvider}): an unsigned STS
 * call with the token from {@code web_identity_token_file} (its contents verbatim, not trimmed) or else from
 * {@code web_identity_token_process} (its raw stdout; run in the caller's environment, stdin and stderr inherited).
 * No caching here: the core wraps this in the session cache.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + CredentialSource.ASSUME_ROLE_WITH_WEB_IDENTITY,
        CredentialSource.KIND + "=" + CredentialSource.KIND_BASE,
        "service.ranking:Integer=200" })
public final class WebIdentitySource implements CredentialSource {

    @Override
    public String name() {
        return ASSUME_ROLE_WITH_WEB_IDENTITY;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        if (value(request, "web_identity_token_file").isEmpty()
                && value(request, "web_identity_token_process").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(() -> retrieve(request));
    }

    static AwsCredentials retrieve(SourceRequest request) throws CredentialSourceException {
        String roleArn = value(request, "role_arn").orElseThrow(() -> new CredentialSourceException("profile "
                + request.profileName() + ": web identity (web_identity_token_file or web_identity_token_process)"
                + " requires role_arn"));
        String token = token(request);
        AssumeRoleWithWebIdentityRequest call = AssumeRoleWithWebIdentityRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(value(request, "role_session_name").orElseGet(WebIdentitySource::unixNanos))
                .durationSeconds(Math.toIntExact(request.duration().toSeconds()))
                .webIdentityToken(token)
                .build();
        Credentials c = AwsClients.callSts(request.aws(), null, "AssumeRoleWithWebIdentity",
                sts -> sts.assumeRoleWithWebIdentity(call).credentials());
        return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /** The token: the file's contents as they are, else the process's stdout as it is. */
    static String token(SourceRequest request) throws CredentialSourceException {
        Optional<String> file = value(request, "web_identity_token_file");
        if (file.isPresent()) {
            try {
                return new String(Files.readAllBytes(Path.of(file.get())), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CredentialSourceException("unable to read web_identity_token_file " + file.get()
                        + ": no such file");
            } catch (AccessDeniedException e) {
                throw new CredentialSourceException("unable to read web_identity_token_file " + file.get()
                        + ": permission denied");
            } catch (IOException | RuntimeException e) {
                throw new CredentialSourceException("unable to read web_identity_token_file " + file.get() + ": "
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip());
            }
        }
        String command = value(request, "web_identity_token_process").orElseThrow();
        return new String(Shell.run("web_identity_token_process", command, request.environment(), Shell.TIMEOUT),
                StandardCharsets.UTF_8);
    }

    /** The original's default session name: {@code time.Now().UnixNano()} as decimal digits. */
    static String unixNanos() {
        Instant now = Instant.now();
        return Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    private static Optional<String> value(SourceRequest request, String key) {
        return request.value(key).filter(v -> !v.isEmpty());
    }
}
