package dev.awsvault.prompt.wincredui;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code CredUIPromptForCredentialsW} of credui.dll (wincred.h): wide strings, {@code BOOL *save} as an int, the
 * {@code DWORD} result ({@code NO_ERROR}, {@code ERROR_CANCELLED} or a failure). Public only because JNA proxies it;
 * the package is private.
 */
public interface CredUi extends StdCallLibrary {
    int NO_ERROR = 0;
    int ERROR_CANCELLED = 1223;

    int CREDUI_FLAGS_DO_NOT_PERSIST = 0x2;
    int CREDUI_FLAGS_ALWAYS_SHOW_UI = 0x80;
    int CREDUI_FLAGS_GENERIC_CREDENTIALS = 0x40000;
    int CREDUI_FLAGS_KEEP_USERNAME = 0x100000;

    /** {@code CREDUI_MAX_USERNAME_LENGTH} and {@code CREDUI_MAX_PASSWORD_LENGTH}, in characters. */
    int CREDUI_MAX_USERNAME_LENGTH = 513;
    int CREDUI_MAX_PASSWORD_LENGTH = 256;

    int CredUIPromptForCredentialsW(CredUiInfo uiInfo, WString targetName, Pointer reserved, int authError,
            Pointer userName, int userNameBufferChars, Pointer password, int passwordBufferChars,
            IntByReference save, int flags);
}
