package dev.awsvault.backend.secretservice;

/** Why a Secret Service step failed, as a short user-facing phrase; the keystore adds which operation it was. */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
        super(reason, null, false, false);
    }
}
