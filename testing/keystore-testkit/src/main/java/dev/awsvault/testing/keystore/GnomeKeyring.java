package dev.awsvault.testing.keystore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real gnome-keyring-daemon (secrets component only) on a {@link PrivateBus}, its keyrings under the bus folder.
 * The login keyring is created and unlocked with a known password; {@link #createCollection} makes further
 * collections without a GUI through gnome-keyring's private interface (the spec's CreateCollection needs a prompt,
 * which headless is always dismissed).
 */
public final class GnomeKeyring implements AutoCloseable {
    public static final String SERVICE = "org.freedesktop.secrets";
    private static final String LOGIN_PASSWORD = "login-test-password";

    private final PrivateBus bus;
    private final Daemon daemon;

    private GnomeKeyring(PrivateBus bus, Daemon daemon) {
        this.bus = bus;
        this.daemon = daemon;
    }

    public static GnomeKeyring start(PrivateBus bus) {
        Path exe = Peers.require("gnome-keyring-daemon");
        Peers.require("gdbus");
        Daemon d = Daemon.start("gnome-keyring-daemon", List.of(exe.toString(), "--foreground", "--unlock",
                "--components=secrets"), bus.env(), bus.dir().resolve("gnome-keyring.log"), LOGIN_PASSWORD);
        d.awaitReady(() -> bus.hasOwner(SERVICE), Duration.ofSeconds(20));
        return new GnomeKeyring(bus, d);
    }

    public PrivateBus bus() {
        return bus;
    }

    /** Creates a collection labelled {@code label} with {@code password}, unlocked; returns its object path. */
    public String createCollection(String label, String password) {
        return python("""
                import dbus, sys
                label, pw = sys.argv[1], sys.argv[2]
                bus = dbus.SessionBus(); svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
                _, sess = dbus.Interface(svc, 'org.freedesktop.Secret.Service').OpenSession('plain', dbus.String('', variant_level=1))
                sec = dbus.Struct((sess, dbus.ByteArray(b''), dbus.ByteArray(pw.encode()), 'text/plain'), signature='oayays')
                print(dbus.Interface(svc, 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface').CreateWithMasterPassword({'org.freedesktop.Secret.Collection.Label': label}, sec))
                """, label, password);
    }

    /** Locks a collection (no prompt needed). */
    public void lock(String collectionPath) {
        python("""
                import dbus, sys
                bus = dbus.SessionBus(); svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
                print(dbus.Interface(svc, 'org.freedesktop.Secret.Service').Lock([dbus.ObjectPath(sys.argv[1])]))
                """, collectionPath);
    }

    /** Unlocks a collection with its password, without a prompt. */
    public void unlock(String collectionPath, String password) {
        python("""
                import dbus, sys
                bus = dbus.SessionBus(); svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
                _, sess = dbus.Interface(svc, 'org.freedesktop.Secret.Service').OpenSession('plain', dbus.String('', variant_level=1))
                sec = dbus.Struct((sess, dbus.ByteArray(b''), dbus.ByteArray(sys.argv[2].encode()), 'text/plain'), signature='oayays')
                dbus.Interface(svc, 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface').UnlockWithMasterPassword(dbus.ObjectPath(sys.argv[1]), sec)
                """, collectionPath, password);
    }

    /** {@code secret-tool} with this keyring's environment (e.g. {@code search --all profile default}). */
    public Run.Result secretTool(String... args) {
        Peers.require("secret-tool");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("secret-tool");
        cmd.addAll(List.of(args));
        return Run.run(cmd, bus.env(), null);
    }

    /**
     * Runs a python-dbus script on this bus with the system's python3 (the one with the dbus module, not a pyenv
     * one on PATH) and returns its stdout; fails on error.
     */
    public String python(String script, String... args) {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) {
            Peers.require("python3-with-dbus(/usr/bin/python3)");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(py.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Map<String, String> env = bus.env();
        return Run.run(cmd, env, (byte[]) null, Duration.ofSeconds(30)).ok().stdout().strip();
    }

    /** The keyring files gnome-keyring wrote (under the bus folder's XDG data home). */
    public Path keyringsDir() {
        return bus.dir().resolve("data").resolve("keyrings");
    }

    @Override
    public void close() {
        daemon.close();
    }
}
