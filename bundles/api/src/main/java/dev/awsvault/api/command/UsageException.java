package dev.awsvault.api.command;

import dev.awsvault.api.AwsVaultException;

/** The command line is wrong (unknown flag, missing argument, bad enum value). */
public class UsageException extends AwsVaultException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
