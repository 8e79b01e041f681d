package dev.awsvault.api.source;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Items a source keeps in the selected keystore. The source chooses keys the original uses (e.g. {@code oidc:<url>}). */
@ProviderType
public interface SourceStore {

    /** The payload stored under {@code key}, or empty. The caller clears the array. */
    Optional<byte[]> get(String key) throws CredentialSourceException;

    /** Stores (or replaces) a payload with the item's label and description. */
    void set(String key, byte[] data, String label, String description) throws CredentialSourceException;

    /** Removes the item; false when there was none. */
    boolean remove(String key) throws CredentialSourceException;
}
