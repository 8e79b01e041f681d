package dev.awsvault.api.source;

import org.osgi.annotation.versioning.ProviderType;

/** Gets an MFA code, by the original's precedence: {@code --mfa-token} › {@code mfa_process} › the prompt driver. */
@ProviderType
@FunctionalInterface
public interface MfaCodes {

    /** A code for the device {@code mfaSerial}; asks the user when needed. */
    String code(String mfaSerial) throws CredentialSourceException;
}
