package dev.awsvault.backend.kwallet;

import java.util.List;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.MethodNoReply;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The part of kwalletd5's {@code org.kde.KWallet} D-Bus interface (object {@code /modules/kwalletd5}) this backend
 * uses. Handles are per application id: every call after {@link #open} passes the same {@code appid}.
 * kwalletd5 overloads some names ({@code isOpen(s)}/{@code isOpen(i)}, two {@code writeEntry}s); D-Bus tells them
 * apart by signature, so declaring one Java method per name picks the overload.
 */
@DBusInterfaceName("org.kde.KWallet")
public interface KWallet extends DBusInterface {

    /**
     * {@code open(s wallet, x wId, s appid) -> i handle}, negative when refused. Shows kwalletd5's unlock (or create)
     * dialog when the wallet is not open yet and only answers once a human did. {@code Long}, not {@code long}:
     * the call is made through {@code callMethodAsync}, which finds the method by the arguments' classes.
     */
    int open(String wallet, Long windowId, String appid);

    /** {@code isOpen(i handle)}. Never call it with a handle kwalletd5 did not give: it counts those as attacks. */
    boolean isOpen(int handle);

    boolean hasFolder(int handle, String folder, String appid);

    boolean createFolder(int handle, String folder, String appid);

    /** The entry names in {@code folder}; empty when the folder does not exist. */
    List<String> entryList(int handle, String folder, String appid);

    boolean hasEntry(int handle, String folder, String key, String appid);

    /** The entry's bytes; empty when there is no such entry (or folder). */
    byte[] readEntry(int handle, String folder, String key, String appid);

    /** {@code writeEntry(i, s, s, ay, s) -> i}: a "stream" entry, creating the folder if needed; 0 on success. */
    int writeEntry(int handle, String folder, String key, byte[] value, String appid);

    /** 0 when removed (or the folder does not exist), -3 when there is no such entry. */
    int removeEntry(int handle, String folder, String key, String appid);

    /** Writes the wallet file now instead of in about five seconds, so a daemon killed meanwhile loses nothing. */
    @MethodNoReply
    void sync(int handle, String appid);
}
