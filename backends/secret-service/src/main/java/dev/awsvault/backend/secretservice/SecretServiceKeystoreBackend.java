package dev.awsvault.backend.secretservice;

import java.time.Duration;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code secret-service} backend: items in a Secret Service collection (gnome-keyring, KeePassXC, …) on the
 * caller's D-Bus session bus, laid out as aws-vault v7.2.0 does. Available when the caller's
 * {@code DBUS_SESSION_BUS_ADDRESS} names a socket that exists and the bus has (or can start) an
 * {@code org.freedesktop.secrets}; otherwise the default choice moves on to the next backend.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = SecretServiceKeystoreBackend.NAME, order = 300)
public final class SecretServiceKeystoreBackend implements KeystoreBackend {
    static final String NAME = "secret-service";
    static final String DEFAULT_COLLECTION = "awsvault";
    /** What the original falls back to for an empty collection name: its keyring ServiceName. */
    static final String EMPTY_COLLECTION_FALLBACK = "aws-vault";
    /** Long enough to type a keyring password into the desktop's dialog; the original waits forever. */
    static final Duration PROMPT_TIMEOUT = Duration.ofMinutes(2);

    private final BusConnections connections = new BusConnections();
    private final Duration promptTimeout;

    @Activate
    public SecretServiceKeystoreBackend() {
        this(PROMPT_TIMEOUT);
    }

    SecretServiceKeystoreBackend(Duration promptTimeout) {
        this.promptTimeout = promptTimeout;
    }

    @Deactivate
    void deactivate() {
        connections.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The bus socket exists, and {@code org.freedesktop.secrets} has an owner or is activatable. Connects once (the
     * connection is kept for {@link #open}); never throws.
     */
    @Override
    public boolean isAvailable(KeystoreContext context) {
        try {
            SessionBusAddress address = SessionBusAddress.of(context.environment());
            return BusConnections.hasSecretService(connections.connect(address)); // no socket: no connect attempt
        } catch (DBusException | RuntimeException e) { // KeystoreException included: it is unchecked
            return false;
        }
    }

    /** Connects to the caller's bus (or reuses the probe's connection); the service itself is first asked on use. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        SessionBusAddress address = SessionBusAddress.of(context.environment());
        DBusConnection bus = connections.connect(address);
        String collection = context.setting(KeystoreContext.SECRET_SERVICE_COLLECTION).orElse(DEFAULT_COLLECTION);
        try {
            return new SecretServiceKeystore(bus, collection.isEmpty() ? EMPTY_COLLECTION_FALLBACK : collection,
                    promptTimeout);
        } catch (DBusException | RuntimeException e) {
            throw new KeystoreException("cannot open the Secret Service: " + DBusErrors.describe(e, bus.isConnected()));
        }
    }
}
