package dev.awsvault.backend.secretservice.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** {@code org.freedesktop.Secret.Session}: what OpenSession returned; secrets travel "in" it. */
@DBusInterfaceName("org.freedesktop.Secret.Session")
public interface SecretSession extends DBusInterface {

    /** {@code Close()}; the service also closes it when our connection goes away. */
    @DBusMemberName("Close")
    void close();
}
