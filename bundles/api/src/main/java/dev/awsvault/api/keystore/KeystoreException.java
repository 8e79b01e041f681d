package dev.awsvault.api.keystore;

import dev.awsvault.api.AwsVaultException;

/** A keystore could not be opened, read or written. The message is one line for the user, without secrets. */
public class KeystoreException extends AwsVaultException {
    private static final long serialVersionUID = 1L;

    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
