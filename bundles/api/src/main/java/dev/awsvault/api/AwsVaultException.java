package dev.awsvault.api;

/**
 * An error meant for the user: its message is printed as one line after {@code aws-vault: error: <command>: }.
 * Messages never contain secrets. Subclasses name the cause where a caller may react to it.
 */
public class AwsVaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AwsVaultException(String message) {
        super(message);
    }

    public AwsVaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
