package dev.awsvault.backend.kwallet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import dev.awsvault.testing.keystore.Kwallet;
import dev.awsvault.testing.keystore.PrivateBus;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * A real kwalletd5 on a private bus for one test class, and what a third party sees of it: every call here goes
 * through {@code gdbus}, outside the JVM, never through the code under test.
 */
final class KwalletPeer implements AutoCloseable {
    static final String WALLET = "aws-vault";
    static final String FOLDER = "aws-vault";
    static final String APP_ID = "aws-vault";
    /** KWallet::Wallet::EntryType: what the original's 5-argument writeEntry stores. */
    static final int STREAM = 2;

    final PrivateBus bus;
    Kwallet kwallet;

    private KwalletPeer(PrivateBus bus, Kwallet kwallet) {
        this.bus = bus;
        this.kwallet = kwallet;
    }

    /** A bus and kwalletd5 with the {@code aws-vault} wallet created and open (as pam_kwallet leaves it). */
    static KwalletPeer startWithOpenWallet() {
        KwalletPeer peer = startWithoutOpening();
        peer.kwallet.pamOpen(WALLET);
        return peer;
    }

    /** A bus and kwalletd5 where no wallet was ever opened: open() would show a dialog nobody answers. */
    static KwalletPeer startWithoutOpening() {
        PrivateBus bus = PrivateBus.start();
        try {
            return new KwalletPeer(bus, Kwallet.start(bus));
        } catch (RuntimeException | Error e) {
            bus.close();
            throw e;
        }
    }

    /** Stops kwalletd5 (TERM) and starts a new one on the same bus and home, reopening the wallet. */
    void restartDaemon() {
        kwallet.close();
        kwallet = Kwallet.start(bus);
        kwallet.pamOpen(WALLET);
    }

    /** A caller's context on this bus. */
    TestKeystoreContext context() {
        return new TestKeystoreContext(bus.dir().resolve("home")).env(bus.env());
    }

    /** A handle of our own (gdbus is a connection of its own); only valid while the wallet is open. */
    String handle() {
        String printed = kwallet.call("open", WALLET, "0", APP_ID);
        String digits = printed.replaceAll("[^0-9-]", "");
        if (digits.isEmpty() || digits.startsWith("-")) {
            throw new AssertionError("kwalletd5 did not open the wallet: " + printed);
        }
        return digits;
    }

    /** Empties the fixed folder: the layout leaves no other way to give each test an empty store. */
    void removeFolder() {
        kwallet.call("removeFolder", handle(), FOLDER, APP_ID);
    }

    List<String> folders() {
        return strings(kwallet.call("folderList", handle(), APP_ID));
    }

    List<String> entries() {
        return strings(kwallet.call("entryList", handle(), FOLDER, APP_ID));
    }

    int entryType(String key) {
        return Integer.parseInt(kwallet.call("entryType", handle(), FOLDER, key, APP_ID).replaceAll("[^0-9-]", ""));
    }

    /** The entry's bytes, read with kwalletd5's own readEntry. */
    byte[] readEntry(String key) {
        return bytes(kwallet.call("readEntry", handle(), FOLDER, key, APP_ID));
    }

    /**
     * Writes a stream entry as the original does. gdbus resolves the overloaded {@code writeEntry} to the variant
     * with an entry type, so the type is given: {@link #STREAM}, which the original's 5-argument call stores.
     */
    void writeEntry(String key, byte[] value) {
        String result = kwallet.call("writeEntry", handle(), FOLDER, key, byteArray(value), String.valueOf(STREAM),
                APP_ID);
        if (!result.equals("(0,)")) {
            throw new AssertionError("writeEntry answered " + result);
        }
    }

    /** A password entry, as other KWallet applications write them. */
    void writePassword(String key, String password) {
        kwallet.call("writePassword", handle(), FOLDER, key, password, APP_ID);
    }

    /** The GVariant text of an {@code ay}. */
    static String byteArray(byte[] value) {
        if (value.length == 0) {
            return "@ay []";
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < value.length; i++) {
            out.append(i == 0 ? "byte " : ", ").append(String.format("0x%02x", value[i] & 0xff));
        }
        return out.append(']').toString();
    }

    /** Parses gdbus's {@code ([byte 0x7b, 0x22, …],)} or {@code (@ay [],)}. */
    static byte[] bytes(String printed) {
        if (printed.equals("(@ay [],)")) {
            return new byte[0];
        }
        if (!printed.startsWith("([byte ") || !printed.endsWith("],)")) {
            throw new AssertionError("not a printed byte array: " + printed);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : printed.substring(7, printed.length() - 3).split(", ")) {
            out.write(Integer.decode(part.trim()));
        }
        return out.toByteArray();
    }

    /** Parses gdbus's {@code (['a', 'b'],)} or {@code (@as [],)} (names without quotes or commas). */
    static List<String> strings(String printed) {
        List<String> out = new ArrayList<>();
        if (printed.equals("(@as [],)")) {
            return out;
        }
        for (String part : printed.substring(2, printed.length() - 3).split(", ")) {
            out.add(part.substring(1, part.length() - 1));
        }
        return out;
    }

    /** Unique connection names on the bus now, to count connections. */
    long connections() {
        String names = bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames");
        return List.of(names.split(",")).stream().filter(n -> n.strip().startsWith("'" + ":")).count();
    }

    @Override
    public void close() {
        try {
            kwallet.close();
        } finally {
            bus.close();
        }
    }
}
