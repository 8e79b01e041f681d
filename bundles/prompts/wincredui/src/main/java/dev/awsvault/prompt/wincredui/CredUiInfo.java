package dev.awsvault.prompt.wincredui;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;

/**
 * {@code CREDUI_INFOW} (wincred.h), in field order: a {@code DWORD} and four pointers, 40 bytes on 64-bit Windows
 * and 20 on 32-bit. Public only for JNA.
 */
@Structure.FieldOrder({"cbSize", "hwndParent", "pszMessageText", "pszCaptionText", "hbmBanner"})
public class CredUiInfo extends Structure {
    public int cbSize;
    public Pointer hwndParent;
    public WString pszMessageText;
    public WString pszCaptionText;
    public Pointer hbmBanner;

    /** No parent window (centred on the screen), no banner, as the original. */
    static CredUiInfo of(String caption, String message) {
        CredUiInfo info = new CredUiInfo();
        info.pszCaptionText = new WString(caption);
        info.pszMessageText = new WString(message);
        info.cbSize = info.size();
        return info;
    }
}
