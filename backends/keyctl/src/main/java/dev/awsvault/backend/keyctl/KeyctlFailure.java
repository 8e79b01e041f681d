package dev.awsvault.backend.keyctl;

/** A key-management system call failed; carries the call's name and errno, never a payload. */
final class KeyctlFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    KeyctlFailure(String call, int errno) {
        super(call + ": " + Errno.describe(errno), null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }

    /** The user-facing reason, e.g. {@code permission denied (EACCES)}. */
    String reason() {
        return Errno.describe(errno);
    }
}
