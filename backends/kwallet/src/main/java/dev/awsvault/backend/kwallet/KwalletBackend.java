package dev.awsvault.backend.kwallet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code kwallet} backend: entries in the KDE wallet {@code aws-vault}, through kwalletd5 on the caller's
 * D-Bus session bus. Available when the caller has a session bus, has not set {@code DISABLE_KWALLET=1} (the
 * original's two conditions) and kwalletd5 runs on that bus or can be started by it, so that a desktop without KDE
 * never picks this backend by default.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = KwalletBackend.NAME, order = 400)
public final class KwalletBackend implements KeystoreBackend {
    static final String NAME = "kwallet";
    static final String BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";
    static final String DISABLE_VARIABLE = "DISABLE_KWALLET";
    /** How long open() waits for the user to answer kwalletd5's unlock prompt: time to find it and type. */
    static final Duration OPEN_TIMEOUT = Duration.ofMinutes(2);

    private final Duration openTimeout;
    /** One connection per bus address; an agent may serve callers on different buses. */
    private final Map<String, KwalletSession> sessions = new HashMap<>();

    @Activate
    public KwalletBackend() {
        this(OPEN_TIMEOUT);
    }

    /** For tests: a short wait for the unlock prompt. */
    KwalletBackend(Duration openTimeout) {
        this.openTimeout = openTimeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Connects (once per bus) and asks the bus daemon about kwalletd5; kwalletd5 itself is not called. */
    @Override
    public boolean isAvailable(KeystoreContext context) {
        Map<String, String> env = context.environment();
        String address = env.get(BUS_VARIABLE);
        if ("1".equals(env.get(DISABLE_VARIABLE)) || address == null || address.isBlank()) {
            return false;
        }
        try {
            return session(address).kwalletdPresent();
        } catch (KeystoreException e) {
            return false;
        }
    }

    /** Cheap: connects to the bus; the wallet is opened (and the user perhaps asked to unlock it) on first use. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        Map<String, String> env = context.environment();
        if ("1".equals(env.get(DISABLE_VARIABLE))) {
            throw new KeystoreException("the kwallet backend is disabled (" + DISABLE_VARIABLE + "=1)");
        }
        String address = env.get(BUS_VARIABLE);
        if (address == null || address.isBlank()) {
            throw new KeystoreException("the kwallet backend needs a D-Bus session bus, and " + BUS_VARIABLE
                    + " is not set");
        }
        return new KwalletKeystore(session(address), openTimeout);
    }

    private KwalletSession session(String address) throws KeystoreException {
        synchronized (sessions) {
            KwalletSession session = sessions.get(address);
            if (session == null || !session.isConnected()) {
                if (session != null) {
                    session.close();
                }
                session = KwalletSession.connect(address);
                sessions.put(address, session);
            }
            return session;
        }
    }

    @Deactivate
    void deactivate() {
        List<KwalletSession> open;
        synchronized (sessions) {
            open = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        open.forEach(KwalletSession::close);
    }
}
