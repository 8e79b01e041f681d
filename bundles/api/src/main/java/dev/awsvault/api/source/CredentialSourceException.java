package dev.awsvault.api.source;

import dev.awsvault.api.AwsVaultException;

/** Credentials could not be obtained. The message is one line for the user, without secrets. */
public class CredentialSourceException extends AwsVaultException {
    private static final long serialVersionUID = 1L;

    public CredentialSourceException(String message) {
        super(message);
    }

    public CredentialSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
