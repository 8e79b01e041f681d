package dev.awsvault.prompt.wincredui;

import dev.awsvault.api.prompt.PromptRequest;

/**
 * The arguments of one {@code CredUIPromptForCredentialsW} call, worked out without touching native code.
 *
 * @param caption the dialog's title
 * @param message the text above the fields
 * @param target {@code pszTargetName}
 * @param userName the (read-only) user name shown
 * @param flags {@code dwFlags}
 * @param passwordChars the password buffer's size in characters, its terminating NUL included
 */
record CredUiCall(String caption, String message, String target, String userName, int flags, int passwordChars) {
    static final String TARGET = "aws-vault";

    /**
     * The original's call for an MFA code: caption {@code Enter MFA code for aws-vault}, the prompt text, target
     * {@code aws-vault}, the serial shortened as the user name, flags ALWAYS_SHOW_UI | GENERIC_CREDENTIALS |
     * KEEP_USERNAME, a 64-character field. Two changes: the target is passed as a wide string (the original passes
     * UTF-8 bytes to the W function, which reads them as garbage), and DO_NOT_PERSIST is added: without it the dialog
     * offers to remember the "password" (a one-time code, or a passphrase) in the Credential Manager, from where it
     * would be filled in again next time. A passphrase gets its own caption and the longest field CredUI allows.
     */
    static CredUiCall of(PromptRequest request) {
        int flags = CredUi.CREDUI_FLAGS_ALWAYS_SHOW_UI | CredUi.CREDUI_FLAGS_GENERIC_CREDENTIALS
                | CredUi.CREDUI_FLAGS_KEEP_USERNAME | CredUi.CREDUI_FLAGS_DO_NOT_PERSIST;
        if (request.kind() == PromptRequest.Kind.SECRET) {
            return new CredUiCall("Enter passphrase for aws-vault", request.message(), TARGET, TARGET, flags,
                    CredUi.CREDUI_MAX_PASSWORD_LENGTH + 1);
        }
        String serial = request.mfaSerial().orElse("");
        return new CredUiCall("Enter MFA code for aws-vault", request.message(), TARGET, shortSerial(serial), flags, 64);
    }

    /** The serial as the dialog's user name: {@code arn:aws:iam::} and {@code :mfa} removed, as the original does. */
    static String shortSerial(String mfaSerial) {
        return mfaSerial.replace("arn:aws:iam::", "").replace(":mfa", "");
    }
}
