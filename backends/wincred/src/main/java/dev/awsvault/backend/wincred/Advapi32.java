package dev.awsvault.backend.wincred;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The Credential Manager functions of advapi32, loaded with {@code W32APIOptions.UNICODE_OPTIONS} (the {@code W}
 * entry points, wide strings). {@code BOOL} is Java {@code boolean} (JNA maps it to a 32-bit int); the failure code
 * is {@code Native.getLastError()}. Public only because JNA proxies it; the package is private.
 */
public interface Advapi32 extends StdCallLibrary {
    int CRED_TYPE_GENERIC = 1;
    int CRED_PERSIST_LOCAL_MACHINE = 2;

    boolean CredReadW(WString targetName, int type, int flags, PointerByReference credential);

    boolean CredWriteW(CredentialStruct credential, int flags);

    boolean CredDeleteW(WString targetName, int type, int flags);

    boolean CredEnumerateW(WString filter, int flags, IntByReference count, PointerByReference credentials);

    void CredFree(Pointer buffer);
}
