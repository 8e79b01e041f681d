package dev.awsvault.backend.secretservice.dbus;

import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.Secret.Collection}, e.g. at {@code /org/freedesktop/secrets/collection/awsvault}. */
@DBusInterfaceName(SecretCollection.INTERFACE)
public interface SecretCollection extends DBusInterface {
    String INTERFACE = "org.freedesktop.Secret.Collection";
    /** Property: {@code s}, the collection's display name. */
    String LABEL = "Label";
    /** The label's key in CreateCollection's properties. */
    String LABEL_KEY = INTERFACE + ".Label";
    /** Property: {@code ao}, the collection's items. */
    String ITEMS = "Items";

    /** {@code SearchItems(a{ss} attributes) -> (ao results)}. */
    @DBusMemberName("SearchItems")
    List<DBusPath> searchItems(Map<String, String> attributes);

    /** {@code CreateItem(a{sv} properties, (oayays) secret, b replace) -> (o item, o prompt)}. */
    @DBusMemberName("CreateItem")
    Pair<DBusPath, DBusPath> createItem(Map<String, Variant<?>> properties, Secret secret, boolean replace);
}
