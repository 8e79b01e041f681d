package dev.awsvault.backend.secretservice.dbus;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** {@code org.freedesktop.Secret.Item}, e.g. at {@code /org/freedesktop/secrets/collection/awsvault/3}. */
@DBusInterfaceName(SecretItem.INTERFACE)
public interface SecretItem extends DBusInterface {
    String INTERFACE = "org.freedesktop.Secret.Item";
    /** Property: {@code s}, the item's display name. */
    String LABEL = "Label";
    /** The label's key in CreateItem's properties. */
    String LABEL_KEY = INTERFACE + ".Label";
    /** The lookup attributes' key ({@code a{ss}}) in CreateItem's properties. */
    String ATTRIBUTES_KEY = INTERFACE + ".Attributes";

    /** {@code GetSecret(o session) -> ((oayays) secret)}. */
    @DBusMemberName("GetSecret")
    Secret getSecret(DBusPath session);

    /** {@code Delete() -> (o prompt)}. */
    @DBusMemberName("Delete")
    DBusPath delete();
}
