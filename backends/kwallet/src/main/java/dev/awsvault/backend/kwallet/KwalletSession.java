package dev.awsvault.backend.kwallet;

import java.time.Duration;
import java.util.Arrays;

import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * One connection to one session bus, kept for the component's lifetime, and the handle of the {@code aws-vault}
 * wallet opened over it. kwalletd5 ties handles to the connection (and app id) that opened them, so both live and
 * die together. Wallet calls are serialised: kwalletd5 answers one at a time anyway, and two threads must not open
 * the wallet twice.
 */
final class KwalletSession implements AutoCloseable {
    static final String SERVICE = "org.kde.kwalletd5";
    static final String OBJECT_PATH = "/modules/kwalletd5";
    /** The original's layout: aws-vault sets the wallet (its "ServiceName"), folder and app id to its own name. */
    static final String WALLET = "aws-vault";
    static final String FOLDER = "aws-vault";
    static final String APP_ID = "aws-vault";
    /** What dbus-java waits for any other reply (its default). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long dbus-java keeps retrying to connect (every 500 ms; its default is 10 s). A session bus answers at
     * once or is not there, and the availability probe must not hang on a stale socket: 500 means one attempt.
     */
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    /** Handles are positive; 0 is never one, so kwalletd5 does not count it as a failed access. */
    private static final int NO_HANDLE = 0;

    private final DBusConnection connection;
    private final DBus bus;
    /**
     * kwalletd5 at the unique bus name of the instance that gave {@link #handle}. A restarted kwalletd5 can hand
     * out the same handle numbers (seen in tests); its isOpen(handle) then says true although it does not know our
     * session, and reads come back empty. Calls to the old instance's name fail instead, and the wallet is opened
     * again.
     */
    private KWallet kwallet;
    private int handle = NO_HANDLE;

    private KwalletSession(DBusConnection connection, DBus bus) {
        this.connection = connection;
        this.bus = bus;
    }

    /** Connects to the bus at {@code address}; no call reaches kwalletd5 yet. */
    static KwalletSession connect(String address) throws KeystoreException {
        DBusConnection connection = null;
        try {
            connection = DBusConnectionBuilder.forAddress(address).withShared(false)
                    .transportConfig().withTimeout(CONNECT_TIMEOUT_MILLIS).back()
                    .build();
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class, true);
            return new KwalletSession(connection, bus);
        } catch (DBusException | RuntimeException e) {
            if (connection != null) {
                connection.disconnect();
            }
            // dbus-java meets a malformed address (say "disabled:") with an index or argument error
            boolean malformed = e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException;
            throw new KeystoreException("cannot connect to the D-Bus session bus at " + address + ": "
                    + (malformed ? "not a D-Bus address" : oneLine(e.getMessage())));
        }
    }

    boolean isConnected() {
        return connection.isConnected();
    }

    /**
     * Whether kwalletd5 runs on this bus or the bus can start it: two round trips to the bus daemon, none to
     * kwalletd5 (a call to it would start it).
     */
    boolean kwalletdPresent() {
        try {
            return bus.NameHasOwner(SERVICE) || Arrays.asList(bus.ListActivatableNames()).contains(SERVICE);
        } catch (DBusExecutionException e) {
            return false;
        }
    }

    /** Runs {@code work} with an open wallet handle, opening the wallet first when it is not (or no longer) open. */
    synchronized <T> T withWallet(Duration openTimeout, WalletWork<T> work) throws KeystoreException {
        // As the original: reuse the handle while (that) kwalletd5 says it is open, else open the wallet again
        if (handle == NO_HANDLE || !stillOpen(handle)) {
            handle = NO_HANDLE;
            kwallet = startKwalletd();
            handle = open(openTimeout);
        }
        try {
            return work.run(kwallet, handle);
        } catch (DBusExecutionException e) {
            throw failure(e);
        }
    }

    private boolean stillOpen(int known) {
        try {
            return kwallet.isOpen(known);
        } catch (DBusExecutionException e) {
            return false; // kwalletd5 went away; startKwalletd says whether it comes back
        }
    }

    /**
     * Starts kwalletd5 through the bus when it is not running, so that a daemon that cannot start is reported as
     * such (dbus-java keeps the reason, "Process org.kde.kwalletd5 received signal 6", but not the error's name),
     * and returns the running instance, addressed by its unique name.
     */
    private KWallet startKwalletd() throws KeystoreException {
        try {
            if (!bus.NameHasOwner(SERVICE)) {
                bus.StartServiceByName(SERVICE, new UInt32(0));
            }
            return connection.getRemoteObject(bus.GetNameOwner(SERVICE), OBJECT_PATH, KWallet.class, false);
        } catch (DBusException e) {
            throw new KeystoreException("cannot reach kwalletd5 on the session bus: " + oneLine(e.getMessage()));
        } catch (ServiceUnknown e) {
            throw new KeystoreException("kwalletd5 is not running on the session bus, and the bus cannot start it");
        } catch (DBusExecutionException e) {
            throw new KeystoreException("kwalletd5 is not running on the session bus and could not be started: "
                    + oneLine(e.getMessage()));
        }
    }

    /**
     * {@code open(wallet, 0, appid)}. kwalletd5 answers only when the wallet is open, which may need a human to
     * answer its unlock dialog, so this waits for {@code timeout} instead of the usual call timeout.
     */
    private int open(Duration timeout) throws KeystoreException {
        DBusAsyncReply<?> reply = connection.callMethodAsync(kwallet, "open", WALLET, Long.valueOf(0), APP_ID);
        reply.getCall().getReply(timeout.toMillis());
        if (!reply.hasReply()) {
            throw new KeystoreException("the KWallet wallet \"" + WALLET + "\" did not open: its unlock prompt was "
                    + "not answered within " + describe(timeout));
        }
        int opened;
        try {
            opened = ((Number) reply.getReply()).intValue();
        } catch (DBusException e) {
            throw new KeystoreException("KWallet could not open the wallet \"" + WALLET + "\": "
                    + oneLine(e.getMessage()));
        } catch (DBusExecutionException e) {
            throw failure(e);
        }
        if (opened < 0) {
            throw new KeystoreException("KWallet refused to open the wallet \"" + WALLET + "\" (open returned "
                    + opened + ": the prompt was cancelled, or KWallet is disabled)");
        }
        return opened;
    }

    /** A D-Bus error as one line with kwalletd5's or the bus's reason. */
    private static KeystoreException failure(DBusExecutionException e) {
        if (e instanceof ServiceUnknown) {
            return new KeystoreException("kwalletd5 is no longer running on the session bus");
        }
        if (e instanceof NoReply) {
            return new KeystoreException("kwalletd5 did not answer within " + describe(CALL_TIMEOUT));
        }
        return new KeystoreException("KWallet failed: " + oneLine(e.getMessage()));
    }

    static String describe(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 120 && seconds % 60 == 0) {
            return seconds / 60 + " minutes";
        }
        return seconds >= 1 ? seconds + " s" : d.toMillis() + " ms";
    }

    /** {@code "key"}, with quotes, backslashes and control characters escaped so the message stays one line. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Not synchronised: a caller waiting for the unlock prompt must not hold up deactivation. */
    @Override
    public void close() {
        connection.disconnect();
    }

    /** Work done with an open handle; D-Bus errors it throws are reported by {@link #withWallet}. */
    @FunctionalInterface
    interface WalletWork<T> {
        T run(KWallet kwallet, int handle) throws KeystoreException;
    }
}
