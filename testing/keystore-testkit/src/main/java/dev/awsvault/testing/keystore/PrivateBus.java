package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A private D-Bus session bus in a throwaway folder, for one test class. Everything a test starts on it gets
 * {@link #env()}, so nothing ever reaches the machine's own session bus (or autolaunches one). The folder's path is
 * kept short: the socket path must fit in 108 bytes.
 */
public final class PrivateBus implements AutoCloseable {
    private final Path dir;
    private final Daemon daemon;
    private final String address;

    private PrivateBus(Path dir, Daemon daemon, String address) {
        this.dir = dir;
        this.daemon = daemon;
        this.address = address;
    }

    /**
     * Starts {@code dbus-daemon --session} listening on {@code <new folder under /tmp>/bus}, with the machine's
     * session service files: what is installed (gnome-keyring, kwalletd5) can be started by the bus on first use.
     */
    public static PrivateBus start() {
        return start(false);
    }

    /**
     * Starts a session bus on which nothing can be activated (a configuration of its own, no service directories):
     * a desktop without a keyring daemon, whatever this machine has installed.
     */
    public static PrivateBus startBare() {
        return start(true);
    }

    private static PrivateBus start(boolean bare) {
        Path daemonPath = Peers.require("dbus-daemon");
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "kb");
            Files.createDirectories(dir.resolve("run"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(dir.resolve("home"));
            List<String> command = new ArrayList<>(List.of(daemonPath.toString(), "--nofork", "--print-address=1"));
            if (bare) {
                Path config = dir.resolve("bus.conf");
                Files.writeString(config, """
                        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                        <busconfig>
                          <type>session</type>
                          <listen>unix:path=%s</listen>
                          <auth>EXTERNAL</auth>
                          <policy context="default">
                            <allow send_destination="*" eavesdrop="true"/>
                            <allow eavesdrop="true"/>
                            <allow own="*"/>
                          </policy>
                        </busconfig>
                        """.formatted(dir.resolve("bus")));
                command.add("--config-file=" + config);
            } else {
                command.addAll(List.of("--session", "--address=unix:path=" + dir.resolve("bus")));
            }
            var started = Daemon.startReadingFirstLine(bare ? "dbus-daemon (bare)" : "dbus-daemon", command,
                    baseEnv(dir), dir.resolve("dbus-daemon.log"));
            return new PrivateBus(dir, started.getKey(), started.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> baseEnv(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** The bus address, e.g. {@code unix:path=/tmp/kb123/bus,guid=…}. */
    public String address() {
        return address;
    }

    /** The bus's socket file. */
    public Path socket() {
        return dir.resolve("bus");
    }

    /** The folder of this bus: home, runtime and data folders of everything started on it live here. */
    public Path dir() {
        return dir;
    }

    /** An environment for processes on this bus: PATH, HOME, XDG folders under {@link #dir()}, the bus address. */
    public Map<String, String> env() {
        Map<String, String> env = baseEnv(dir);
        env.put("DBUS_SESSION_BUS_ADDRESS", address);
        return env;
    }

    /** Whether some connection owns {@code name} on this bus now. */
    public boolean hasOwner(String name) {
        Run.Result r = Run.run(List.of("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", name),
                env(), null);
        return r.exitCode() == 0 && r.stdout().contains("true");
    }

    /** Calls a method with {@code gdbus call} and returns its printed result (GVariant text); fails on error. */
    public String call(String dest, String objectPath, String method, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("gdbus", "call", "--session", "--dest", dest,
                "--object-path", objectPath, "--method", method));
        cmd.addAll(List.of(args));
        return Run.run(cmd, env(), null).ok().stdout().strip();
    }

    /** Stops the bus (and what it started) and deletes its folder; closing again does nothing. */
    @Override
    public void close() {
        daemon.close();
        Folders.delete(dir);
    }
}
