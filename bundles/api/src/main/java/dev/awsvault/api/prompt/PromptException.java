package dev.awsvault.api.prompt;

import dev.awsvault.api.AwsVaultException;

/** A prompt was cancelled or its driver failed. The message is one line for the user. */
public class PromptException extends AwsVaultException {
    private static final long serialVersionUID = 1L;

    public PromptException(String message) {
        super(message);
    }

    public PromptException(String message, Throwable cause) {
        super(message, cause);
    }
}
