package dev.awsvault.core.config;

import dev.awsvault.api.AwsVaultException;

/**
 * The config file could not be read, parsed or written, or a profile could not be resolved (a loop, a bad
 * {@code session_tags}). The message is one line for the user, e.g. {@code /home/u/.aws/config:7: unclosed section
 * header "[profile x"}, and never contains a secret.
 */
public class ConfigException extends AwsVaultException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
