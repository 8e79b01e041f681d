package dev.awsvault.core;

import java.util.List;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;

/** An opened keystore seen through the original's layouts. Closing it closes the keystore. */
public final class Vault implements AutoCloseable {
    private final Keystore keystore;
    private final CredentialKeyring credentials;
    private final SessionKeyring sessions;

    public Vault(Keystore keystore) {
        this.keystore = keystore;
        this.credentials = new CredentialKeyring(keystore);
        this.sessions = new SessionKeyring(keystore);
    }

    /** Long-term credentials stored under profile names. */
    public CredentialKeyring credentials() {
        return credentials;
    }

    /** Cached STS sessions and OIDC tokens. */
    public SessionKeyring sessions() {
        return sessions;
    }

    /** The raw keystore, for commands that move items as they are. */
    public Keystore keystore() {
        return keystore;
    }

    /** Every key in the keystore. */
    public List<String> keys() throws KeystoreException {
        return keystore.keys();
    }

    @Override
    public void close() {
        keystore.close();
    }
}
