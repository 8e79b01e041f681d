package dev.awsvault.backend.keychain;

/** The OSStatus codes this backend acts on, and their one-line descriptions for users. */
final class OsStatus {
    static final int SUCCESS = 0;
    static final int USER_CANCELED = -128;            // errSecUserCanceled
    static final int AUTH_FAILED = -25293;            // errSecAuthFailed
    static final int NO_SUCH_KEYCHAIN = -25294;       // errSecNoSuchKeychain
    static final int DUPLICATE_KEYCHAIN = -25296;     // errSecDuplicateKeychain
    static final int DUPLICATE_ITEM = -25299;         // errSecDuplicateItem
    static final int ITEM_NOT_FOUND = -25300;         // errSecItemNotFound
    static final int INTERACTION_NOT_ALLOWED = -25308; // errSecInteractionNotAllowed

    private OsStatus() {
    }

    /** {@code <reason> (OSStatus N)} for the codes users meet, {@code OSStatus N} for any other. */
    static String describe(int status) {
        String reason = switch (status) {
            case ITEM_NOT_FOUND -> "the item could not be found";
            case DUPLICATE_ITEM -> "the item already exists";
            case AUTH_FAILED -> "the keychain password was not correct";
            case USER_CANCELED -> "the request was canceled by the user";
            case NO_SUCH_KEYCHAIN -> "the keychain does not exist";
            case INTERACTION_NOT_ALLOWED ->
                "user interaction is not allowed (no login session to show the keychain prompt?)";
            default -> null;
        };
        return reason == null ? "OSStatus " + status : reason + " (OSStatus " + status + ")";
    }
}
