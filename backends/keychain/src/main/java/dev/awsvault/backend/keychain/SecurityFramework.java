package dev.awsvault.backend.keychain;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The Security.framework functions this backend calls. Each returns an {@code OSStatus} ({@code int}); paths are
 * NUL-terminated UTF-8 {@code byte[]}; {@code Boolean} is {@code byte}. Public only because JNA proxies it.
 */
public interface SecurityFramework extends Library {

    int SecKeychainOpen(byte[] pathName, PointerByReference keychain);

    int SecKeychainGetStatus(Pointer keychain, IntByReference keychainStatus);

    int SecKeychainCreate(byte[] pathName, int passwordLength, Pointer password, byte promptUser,
            Pointer initialAccess, PointerByReference keychain);

    int SecAccessCreate(Pointer descriptor, Pointer trustedList, PointerByReference accessRef);

    int SecItemAdd(Pointer attributes, PointerByReference result);

    int SecItemUpdate(Pointer query, Pointer attributesToUpdate);

    int SecItemDelete(Pointer query);

    int SecItemCopyMatching(Pointer query, PointerByReference result);
}
