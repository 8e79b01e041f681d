package dev.awsvault.backend.secretservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.awsvault.testing.keystore.Daemon;
import dev.awsvault.testing.keystore.Peers;

/**
 * A session bus on which nothing can be activated: a dbus-daemon with a config of its own and no service
 * directories. The test kit's {@code PrivateBus} uses the stock session config, where gnome-keyring's (and
 * kwalletd5's) {@code .service} files make {@code org.freedesktop.secrets} activatable even with no daemon running.
 */
final class BareBus implements AutoCloseable {
    private final Path dir;
    private final Daemon daemon;

    private BareBus(Path dir, Daemon daemon) {
        this.dir = dir;
        this.daemon = daemon;
    }

    static BareBus start() {
        Path exe = Peers.require("dbus-daemon");
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "kb");
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
            Daemon daemon = Daemon.start("dbus-daemon (bare)", List.of(exe.toString(), "--config-file=" + config,
                    "--nofork"), Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()), dir.resolve("bus.log"));
            BareBus bus = new BareBus(dir, daemon);
            daemon.awaitReady(() -> Files.exists(bus.socket()), Duration.ofSeconds(20));
            return bus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path socket() {
        return dir.resolve("bus");
    }

    String address() {
        return "unix:path=" + socket();
    }

    Path dir() {
        return dir;
    }

    /** Stops the daemon; its folder stays until {@link #deleteFolder}. */
    @Override
    public void close() {
        daemon.close();
    }

    void deleteFolder() {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in /tmp
        }
    }
}
