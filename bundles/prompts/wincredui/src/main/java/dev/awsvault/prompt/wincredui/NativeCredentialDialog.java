package dev.awsvault.prompt.wincredui;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;

/** The real dialog: {@code CredUIPromptForCredentialsW} through JNA, credui.dll loaded on the first use only. */
final class NativeCredentialDialog implements CredentialDialog {

    /** Loaded when first used: JNA's native library and credui.dll are never touched by the availability probe. */
    private static final class Library {
        static final CredUi CREDUI = Native.load("credui", CredUi.class);
    }

    @Override
    public Answer show(CredUiCall call) {
        int userChars = CredUi.CREDUI_MAX_USERNAME_LENGTH + 1;
        Memory userName = new Memory(2L * userChars);
        Memory password = new Memory(2L * call.passwordChars());
        try {
            userName.clear();
            password.clear();
            userName.setWideString(0, call.userName());
            IntByReference save = new IntByReference(0);
            int status = Library.CREDUI.CredUIPromptForCredentialsW(CredUiInfo.of(call.caption(), call.message()),
                    new WString(call.target()), null, 0, userName, userChars, password, call.passwordChars(), save,
                    call.flags());
            if (status != CredUi.NO_ERROR) {
                return new Answer(status, null);
            }
            char[] typed = password.getCharArray(0, call.passwordChars());
            int length = 0;
            while (length < typed.length && typed[length] != '\0') {
                length++;
            }
            char[] answer = java.util.Arrays.copyOf(typed, length);
            java.util.Arrays.fill(typed, '\0');
            return new Answer(status, answer);
        } finally {
            password.clear(); // the typed secret must not stay in native memory until it is freed
            userName.close();
            password.close();
        }
    }
}
