package dev.awsvault.backend.wincred;

import java.util.List;

/**
 * The Credential Manager calls this backend makes, for generic credentials only. {@link NativeCredentialManager}
 * calls advapi32 ({@code CredReadW}, {@code CredWriteW}, {@code CredDeleteW}, {@code CredEnumerateW},
 * {@code CredFree}); the tests use an in-memory fake with the same rules (the 2,560-byte blob limit, target names
 * compared without case, {@code ERROR_NOT_FOUND} for nothing).
 */
interface CredentialManager {

    /** {@code CredReadW(target, CRED_TYPE_GENERIC)}. */
    Credential read(String targetName) throws Win32Error;

    /** {@code CredWriteW}: creates or wholly replaces the credential with that target name. */
    void write(Credential credential) throws Win32Error;

    /** {@code CredDeleteW(target, CRED_TYPE_GENERIC)}. */
    void delete(String targetName) throws Win32Error;

    /** {@code CredEnumerateW(filter)}, generic credentials only; {@code ERROR_NOT_FOUND} when none match. */
    List<Credential> enumerate(String filter) throws Win32Error;
}
