package dev.awsvault.backend.secretservice.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code org.freedesktop.DBus.Properties}, reading only. Declared here (rather than dbus-java's generic
 * {@code Properties}) so that the reply stays a {@link Variant} whose value we check ourselves.
 */
@DBusInterfaceName("org.freedesktop.DBus.Properties")
public interface DBusProperties extends DBusInterface {

    /** {@code Get(s interface, s property) -> (v value)}. */
    @DBusMemberName("Get")
    Variant<?> get(String interfaceName, String propertyName);
}
