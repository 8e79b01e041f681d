package dev.awsvault.backend.wincred;

/** A Credential Manager call failed with this {@code GetLastError()} code. */
final class Win32Error extends Exception {
    private static final long serialVersionUID = 1L;
    static final int ERROR_INVALID_PARAMETER = 87;
    static final int ERROR_NOT_FOUND = 1168;
    /** RPC_X_BAD_STUB_DATA, "The stub received bad data": what CredWriteW says to a blob over 2,560 bytes. */
    static final int RPC_X_BAD_STUB_DATA = 1783;

    private final int code;

    Win32Error(int code) {
        super("error " + code, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }

    boolean isNotFound() {
        return code == ERROR_NOT_FOUND;
    }
}
