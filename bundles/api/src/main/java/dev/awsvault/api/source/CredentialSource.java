package dev.awsvault.api.source;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import dev.awsvault.api.AwsCredentials;

/**
 * One way of obtaining credentials for a profile. The core asks each source, in {@code service.ranking} order,
 * whether it applies to a profile; the first that does provides the credentials.
 */
@ConsumerType
public interface CredentialSource {

    /** Service property: the source's name, e.g. {@code sts.AssumeRole}, {@code credential_process}. */
    String NAME = "awsvault.source.name";

    /** The source's name; also the session type in cache keys where the source's results are cached. */
    String name();

    /**
     * Returns a provider when this source applies to the profile (e.g. it has {@code credential_process}), else
     * empty. Must not do any I/O beyond looking at the profile.
     */
    Optional<CredentialProvider> providerFor(SourceRequest request);

    /** Retrieves credentials; may prompt (MFA) or call AWS. */
    @FunctionalInterface
    interface CredentialProvider {
        AwsCredentials retrieve() throws CredentialSourceException;
    }
}
