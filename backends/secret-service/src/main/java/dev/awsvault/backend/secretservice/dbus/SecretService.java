package dev.awsvault.backend.secretservice.dbus;

import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.Secret.Service} at {@code /org/freedesktop/secrets}. */
@DBusInterfaceName(SecretService.INTERFACE)
public interface SecretService extends DBusInterface {
    String BUS_NAME = "org.freedesktop.secrets";
    String PATH = "/org/freedesktop/secrets";
    String INTERFACE = "org.freedesktop.Secret.Service";
    /** Property: {@code ao}, every collection's object path. */
    String COLLECTIONS = "Collections";
    /** A "no object" reply, e.g. the prompt of a call that needed none. */
    String NO_OBJECT = "/";

    /** {@code OpenSession(s algorithm, v input) -> (v output, o session)}. */
    @DBusMemberName("OpenSession")
    Pair<Variant<?>, DBusPath> openSession(String algorithm, Variant<?> input);

    /** {@code CreateCollection(a{sv} properties, s alias) -> (o collection, o prompt)}. */
    @DBusMemberName("CreateCollection")
    Pair<DBusPath, DBusPath> createCollection(Map<String, Variant<?>> properties, String alias);

    /** {@code Unlock(ao objects) -> (ao unlocked, o prompt)}. */
    @DBusMemberName("Unlock")
    Pair<List<DBusPath>, DBusPath> unlock(List<DBusPath> objects);
}
