package dev.awsvault.api.keystore;

import org.osgi.annotation.versioning.ProviderType;

/** Asks the user for a keystore passphrase. */
@ProviderType
@FunctionalInterface
public interface PassphrasePrompt {

    /**
     * Shows {@code message} (e.g. {@code Enter passphrase to unlock "/home/u/.awsvault/keys/"}) and returns what
     * the user typed, without echo. The caller clears the array.
     */
    char[] ask(String message) throws KeystoreException;
}
