package dev.awsvault.backend.kwallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.PrivateBus;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * No kwalletd5 to talk to: no bus, a bus that cannot be reached, a bus that does not know kwalletd5 (a GNOME or
 * headless session without KDE), a bus that knows it but cannot start it, and {@code DISABLE_KWALLET=1}.
 */
class KwalletUnavailableTest {
    private static final String KWALLETD = "org.kde.kwalletd5";

    /** The kit's bus: the machine's service files, so kwalletd5 is activatable, but nothing runs on it. */
    private static PrivateBus standardBus;
    /** A bus with no service files at all: kwalletd5 is neither running nor activatable. */
    private static PrivateBus bareBus;
    private static KwalletBackend backend;

    @BeforeAll
    static void startBuses() {
        standardBus = PrivateBus.start();
        bareBus = PrivateBus.startBare();
        backend = new KwalletBackend(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopBuses() {
        if (backend != null) {
            backend.deactivate();
        }
        if (bareBus != null) {
            bareBus.close();
        }
        if (standardBus != null) {
            standardBus.close();
        }
    }

    private static TestKeystoreContext context(Map<String, String> env) {
        return new TestKeystoreContext(Path.of("/nonexistent-home")).env(env);
    }

    @Test
    void withoutASessionBusItIsUnavailableAndOpenSaysWhy() {
        TestKeystoreContext noBus = context(Map.of());
        assertFalse(backend.isAvailable(noBus));
        KeystoreException e = assertThrows(KeystoreException.class, () -> backend.open(noBus));
        assertEquals("the kwallet backend needs a D-Bus session bus, and DBUS_SESSION_BUS_ADDRESS is not set",
                e.getMessage());
    }

    @Test
    void anUnreachableBusIsUnavailableWithAOneLineError() {
        TestKeystoreContext gone = context(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kwallet-bus"));
        assertFalse(backend.isAvailable(gone));
        KeystoreException e = assertThrows(KeystoreException.class, () -> backend.open(gone));
        assertTrue(e.getMessage().startsWith("cannot connect to the D-Bus session bus at "
                + "unix:path=/nonexistent/kwallet-bus: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        TestKeystoreContext disabled = context(Map.of("DBUS_SESSION_BUS_ADDRESS", "disabled:"));
        assertFalse(backend.isAvailable(disabled));
        assertEquals("cannot connect to the D-Bus session bus at disabled:: not a D-Bus address",
                assertThrows(KeystoreException.class, () -> backend.open(disabled)).getMessage());
    }

    @Test
    void aBusThatDoesNotKnowKwalletdMakesItUnavailable() throws Exception {
        TestKeystoreContext gnome = context(Map.of("DBUS_SESSION_BUS_ADDRESS", bareBus.address()));
        assertFalse(backend.isAvailable(gnome));
        // Named explicitly anyway: a clear error at first use, not a hang
        try (Keystore ks = backend.open(gnome)) {
            KeystoreException e = assertThrows(KeystoreException.class, ks::keys);
            assertEquals("kwalletd5 is not running on the session bus, and the bus cannot start it", e.getMessage());
        }
    }

    @Test
    void anActivatableKwalletdThatCannotStartFailsClearly() throws Exception {
        String activatable = standardBus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListActivatableNames");
        TestKeystoreContext caller = context(standardBus.env());
        assertFalse(standardBus.hasOwner(KWALLETD));
        assertEquals(activatable.contains("'" + KWALLETD + "'"), backend.isAvailable(caller));
        // The bus starts kwalletd5 with its own environment: no display and no QT_QPA_PLATFORM, so it aborts
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Keystore ks = backend.open(caller)) {
                KeystoreException e = assertThrows(KeystoreException.class, ks::keys);
                // here "Process org.kde.kwalletd5 received signal 6": the bus's own words, whatever they are
                assertTrue(e.getMessage().startsWith("kwalletd5 is not running on the session bus and could not be "
                        + "started: ") && e.getMessage().contains("org.kde.kwalletd5"), e.getMessage());
            }
        });
    }

    @Test
    void disableKwalletOneWinsOverAWorkingBus() {
        TestKeystoreContext disabled = context(Map.of("DBUS_SESSION_BUS_ADDRESS", standardBus.address(),
                "DISABLE_KWALLET", "1"));
        assertFalse(backend.isAvailable(disabled));
        assertEquals("the kwallet backend is disabled (DISABLE_KWALLET=1)",
                assertThrows(KeystoreException.class, () -> backend.open(disabled)).getMessage());
    }
}
