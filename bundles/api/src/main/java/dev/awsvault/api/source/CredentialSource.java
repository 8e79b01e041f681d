package dev.awsvault.api.source;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import dev.awsvault.api.AwsCredentials;

/**
 * One way of obtaining credentials. A {@link #KIND_WRAPPER wrapper} (GetSessionToken, AssumeRole) builds on the
 * credentials in {@link SourceRequest#upstream()}; a {@link #KIND_BASE base} source (SSO, web identity,
 * credential_process, a third party's) needs none and says from the profile whether it applies.
 */
@ConsumerType
public interface CredentialSource {

    /** Service property: the source's name; also the session type in cache keys ({@code sts.AssumeRole}, …). */
    String NAME = "awsvault.source.name";

    /** Service property: {@link #KIND_BASE} (the default) or {@link #KIND_WRAPPER}. */
    String KIND = "awsvault.source.kind";

    String KIND_BASE = "base";
    String KIND_WRAPPER = "wrapper";

    /** The names the core's provider tree asks for. */
    String GET_SESSION_TOKEN = "sts.GetSessionToken";
    String ASSUME_ROLE = "sts.AssumeRole";
    String ASSUME_ROLE_WITH_WEB_IDENTITY = "sts.AssumeRoleWithWebIdentity";
    String SSO_ROLE_CREDENTIALS = "sso.GetRoleCredentials";
    String CREDENTIAL_PROCESS = "credential_process";

    /** The source's name; equal to the {@link #NAME} property. */
    String name();

    /**
     * A provider when this source applies to the request's profile, else empty. Must not do I/O or call AWS: the
     * work happens in {@link CredentialProvider#retrieve()}.
     */
    Optional<CredentialProvider> providerFor(SourceRequest request);

    /** Retrieves credentials; may prompt (MFA, SSO sign-in) or call AWS. */
    @FunctionalInterface
    interface CredentialProvider {
        AwsCredentials retrieve() throws CredentialSourceException;
    }
}
