package dev.awsvault.backend.secretservice;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.testing.keystore.GnomeKeyring;
import dev.awsvault.testing.keystore.PrivateBus;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** One private bus with a real gnome-keyring and one backend component, for a test class. */
final class KeyringFixture implements AutoCloseable {
    static final String PASSWORD = "collection-password";

    final PrivateBus bus;
    final GnomeKeyring keyring;
    final SecretServiceKeystoreBackend backend;

    private KeyringFixture(PrivateBus bus, GnomeKeyring keyring, SecretServiceKeystoreBackend backend) {
        this.bus = bus;
        this.keyring = keyring;
        this.backend = backend;
    }

    static KeyringFixture start(SecretServiceKeystoreBackend backend) {
        PrivateBus bus = PrivateBus.start();
        try {
            return new KeyringFixture(bus, GnomeKeyring.start(bus), backend);
        } catch (RuntimeException | Error e) {
            bus.close();
            throw e;
        }
    }

    /** A context on this bus using collection {@code label}. */
    TestKeystoreContext context(String label) {
        return new TestKeystoreContext(home()).env(bus.env())
                .setting(KeystoreContext.SECRET_SERVICE_COLLECTION, label);
    }

    Path home() {
        return bus.dir().resolve("home");
    }

    /** Object paths of all collections, straight from the service (not through the code under test). */
    List<String> collections() {
        String out = keyring.python("""
                import dbus
                bus = dbus.SessionBus(); svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
                for p in svc.Get('org.freedesktop.Secret.Service', 'Collections', dbus_interface='org.freedesktop.DBus.Properties'):
                    print(p)
                """);
        return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).sorted().toList();
    }

    /** Stores an item as the original's Set does (python-dbus, no code under test). */
    void storeAsOriginal(String collectionPath, String key, String secret, String contentType) {
        keyring.python("""
                import dbus, sys
                coll, key, value, ctype = sys.argv[1:5]
                bus = dbus.SessionBus(); svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
                _, sess = dbus.Interface(svc, 'org.freedesktop.Secret.Service').OpenSession('plain', dbus.String('', variant_level=1))
                props = {'org.freedesktop.Secret.Item.Label': dbus.String(key, variant_level=1),
                         'org.freedesktop.Secret.Item.Attributes': dbus.Dictionary({'profile': key}, signature='ss', variant_level=1)}
                sec = dbus.Struct((sess, dbus.ByteArray(b''), dbus.ByteArray(value.encode()), ctype), signature='oayays')
                c = dbus.Interface(bus.get_object('org.freedesktop.secrets', coll), 'org.freedesktop.Secret.Collection')
                print(c.CreateItem(props, sec, True))
                """, collectionPath, key, secret, contentType);
    }

    @Override
    public void close() {
        backend.deactivate();
        keyring.close();
        bus.close();
    }
}
