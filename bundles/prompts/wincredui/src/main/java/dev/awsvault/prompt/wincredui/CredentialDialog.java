package dev.awsvault.prompt.wincredui;

/** Shows a {@link CredUiCall}: the native CredUI dialog, or a fake in tests. */
interface CredentialDialog {

    /**
     * What the dialog returned.
     *
     * @param status {@code CredUIPromptForCredentialsW}'s result
     * @param password what was typed (the caller clears it), or null unless {@code status} is {@code NO_ERROR}
     */
    record Answer(int status, char[] password) {
        @Override
        public String toString() { // never the password
            return "Answer[status " + status + "]";
        }
    }

    Answer show(CredUiCall call);
}
