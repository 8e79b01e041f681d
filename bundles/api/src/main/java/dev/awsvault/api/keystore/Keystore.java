package dev.awsvault.api.keystore;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An opened keystore: named items, as the original's keyring. Keys are arbitrary strings ({@code work/admin},
 * {@code oidc:https://x.awsapps.com/start}, session keys); a backend maps them to its own names.
 */
@ConsumerType
public interface Keystore extends AutoCloseable {

    /** Every key stored, in no particular order. Must not need a passphrase where the backend can avoid it. */
    List<String> keys() throws KeystoreException;

    /** The item stored under {@code key}, or empty. */
    Optional<KeystoreItem> get(String key) throws KeystoreException;

    /** Stores (or replaces) an item. Atomic: a crash leaves the old item or the new one, never a broken one. */
    void set(KeystoreItem item) throws KeystoreException;

    /** Removes the item; returns false when there was none. */
    boolean remove(String key) throws KeystoreException;

    @Override
    default void close() {
    }
}
