package dev.awsvault.api.keystore;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place to keep secrets: the OS keystore, {@code pass}, an encrypted directory. Implemented by backend bundles.
 * The service must carry the {@link #NAME} property (use {@link BackendName}); {@link #ORDER} places it in the
 * default choice when {@code --backend} is not given (lower first; the original's order is wincred 100,
 * keychain 200, secret-service 300, kwallet 400, keyctl 500, pass 600, file 700; a backend with no order is
 * never chosen by default).
 */
@ConsumerType
public interface KeystoreBackend {

    /** Service property: the backend's name, e.g. {@code file}. */
    String NAME = "awsvault.keystore.name";

    /** Service property: position in the default choice (Integer). Absent means "only when named". */
    String ORDER = "awsvault.keystore.order";

    /** The name users select with {@code --backend}; equal to the {@link #NAME} property. */
    String name();

    /** A cheap run-time probe: can this backend work here (binary on PATH, a session bus, …)? */
    boolean isAvailable(KeystoreContext context);

    /**
     * Opens the keystore. Opening is cheap; secrets (a passphrase, an unlock) are asked for lazily, on first
     * use, through {@link KeystoreContext#passphrasePrompt()}.
     */
    Keystore open(KeystoreContext context) throws KeystoreException;
}
