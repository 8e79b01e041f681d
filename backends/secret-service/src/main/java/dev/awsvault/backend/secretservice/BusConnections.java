package dev.awsvault.backend.secretservice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.backend.secretservice.dbus.SecretService;

/**
 * One D-Bus connection per session-bus address, kept for the component's lifetime: the availability probe and the
 * keystore then share a single connect (the SASL handshake and {@code Hello} are most of a D-Bus client's cost).
 * A connection that dropped is replaced on next use.
 */
final class BusConnections implements AutoCloseable {
    /**
     * dbus-java's connect "timeout" is a retry budget in 500 ms steps (for a server that is still starting); 500
     * means one attempt. A session bus is up already, and a stale socket (a crashed bus) must fail the probe at once,
     * not after the default 10 s of retries.
     */
    private static final int SINGLE_CONNECT_ATTEMPT = 500;

    private final Map<Path, DBusConnection> open = new HashMap<>();
    private boolean closed;

    /** The connection to {@code address}, made on first use. */
    synchronized DBusConnection connect(SessionBusAddress address) throws KeystoreException {
        if (closed) {
            throw new KeystoreException("the secret-service backend has been stopped");
        }
        boolean socketExists = address.socketExists();
        DBusConnection connection = open.get(address.socket());
        // dbus-java notices a dead bus only when its reader thread sees the socket close; a vanished socket file
        // tells us at once
        if (connection != null && connection.isConnected() && socketExists) {
            return connection;
        }
        if (connection != null) {
            open.remove(address.socket());
            quietlyClose(connection);
        }
        if (!socketExists) {
            throw new KeystoreException("no D-Bus session bus at " + address.socket() + " (no such socket)");
        }
        try {
            connection = DBusConnectionBuilder.forAddress(address.dbusJavaAddress())
                    .withShared(false)
                    // proxies are made per call; weak references let them go with their callers
                    .withImportWeakReferences(true)
                    .transportConfig().withTimeout(SINGLE_CONNECT_ATTEMPT).back()
                    .build();
        } catch (DBusException | RuntimeException e) {
            throw new KeystoreException("cannot connect to the D-Bus session bus at " + address.socket() + ": "
                    + DBusErrors.oneLine(e));
        }
        open.put(address.socket(), connection);
        return connection;
    }

    /**
     * Whether {@code org.freedesktop.secrets} has an owner on the bus now, or the bus can start one (a
     * {@code .service} file: gnome-keyring's, for one). Two round trips on an open connection.
     */
    static boolean hasSecretService(DBusConnection connection) throws DBusException {
        DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
        return bus.NameHasOwner(SecretService.BUS_NAME)
                || Arrays.asList(bus.ListActivatableNames()).contains(SecretService.BUS_NAME);
    }

    /** Disconnects everything; later {@link #connect} calls fail. */
    @Override
    public synchronized void close() {
        closed = true;
        List<DBusConnection> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(BusConnections::quietlyClose);
    }

    private static void quietlyClose(DBusConnection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // going away anyway; nothing the user could act on
        }
    }
}
