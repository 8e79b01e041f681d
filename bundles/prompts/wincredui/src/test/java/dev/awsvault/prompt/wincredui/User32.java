package dev.awsvault.prompt.wincredui;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.win32.StdCallLibrary;

/** What {@link RealDialogTest} needs of user32 to find the dialog and close it as a user would. Public for JNA. */
public interface User32 extends StdCallLibrary {
    int WM_CLOSE = 0x0010;

    Pointer FindWindowW(WString className, WString windowName);

    boolean PostMessageW(Pointer window, int message, Pointer wParam, Pointer lParam);
}
