package dev.awsvault.testing.keystore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real kwalletd5 on a {@link PrivateBus}, headless ({@code QT_QPA_PLATFORM=offscreen}), its wallets under the bus
 * folder's home. kwalletd5 answers {@code open()} of a wallet that is not open yet with a dialog nobody can answer
 * here, so {@link #pamOpen} opens (and creates) a wallet first, as pam_kwallet does at login.
 */
public final class Kwallet implements AutoCloseable {
    public static final String SERVICE = "org.kde.kwalletd5";
    public static final String PATH = "/modules/kwalletd5";
    public static final String INTERFACE = "org.kde.KWallet";

    private final PrivateBus bus;
    private final Daemon daemon;

    private Kwallet(PrivateBus bus, Daemon daemon) {
        this.bus = bus;
        this.daemon = daemon;
    }

    public static Kwallet start(PrivateBus bus) {
        Path exe = Peers.require("kwalletd5");
        Peers.require("gdbus");
        Map<String, String> env = bus.env();
        env.put("QT_QPA_PLATFORM", "offscreen");
        Daemon d = Daemon.start("kwalletd5", List.of(exe.toString()), env, bus.dir().resolve("kwalletd5.log"));
        d.awaitReady(() -> bus.hasOwner(SERVICE), Duration.ofSeconds(30));
        return new Kwallet(bus, d);
    }

    public PrivateBus bus() {
        return bus;
    }

    /** Opens (creating when missing) {@code wallet} without a prompt; the same fixed hash on every run. */
    public void pamOpen(String wallet) {
        StringBuilder hash = new StringBuilder("[");
        for (int i = 0; i < 56; i++) {
            hash.append(i == 0 ? "" : ", ").append("byte 0x").append(String.format("%02x", (i * 37 + 11) & 0xff));
        }
        hash.append(']');
        call("pamOpen", wallet, hash.toString(), "0");
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (call("isOpen", wallet).contains("true")) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("kwalletd5 did not open " + wallet + "; see " + daemon.log());
    }

    /** Calls an {@code org.kde.KWallet} method with gdbus and returns the printed result. */
    public String call(String method, String... args) {
        return bus.call(SERVICE, PATH, INTERFACE + "." + method, args);
    }

    /** Reads an entry the way a third party would: open a handle for {@code appid}, then {@code readEntry}. */
    public String readEntryText(String wallet, String folder, String key, String appid) {
        String handle = call("open", wallet, "0", appid).replaceAll("[^0-9-]", "");
        return call("readEntry", handle, folder, key, appid);
    }

    /** {@code kwallet-query} with this daemon's environment. */
    public Run.Result query(String... args) {
        Peers.require("kwallet-query");
        List<String> cmd = new ArrayList<>();
        cmd.add("kwallet-query");
        cmd.addAll(List.of(args));
        Map<String, String> env = bus.env();
        env.put("QT_QPA_PLATFORM", "offscreen");
        return Run.run(cmd, env, null);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
