package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.GnomeKeyring;
import dev.awsvault.testing.keystore.PrivateBus;
import dev.awsvault.testing.keystore.Run;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * The probe and the errors when there is no bus, a dead bus, or a bus without a Secret Service: isAvailable says
 * false (so the default choice moves on), and an explicit {@code --backend secret-service} fails in one line.
 */
class SecretServiceAvailabilityTest {
    private static final Pattern UNIQUE_NAME = Pattern.compile("':1\\.\\d+'");

    @TempDir
    Path tmp;

    private TestKeystoreContext context(String busAddress) {
        TestKeystoreContext context = new TestKeystoreContext(tmp);
        return busAddress == null ? context : context.env("DBUS_SESSION_BUS_ADDRESS", busAddress);
    }

    private static String failure(Executable operation) {
        String message = assertThrows(KeystoreException.class, operation).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void noSessionBusInTheCallersEnvironment() {
        SecretServiceKeystoreBackend backend = new SecretServiceKeystoreBackend();
        try {
            assertFalse(backend.isAvailable(context(null)));
            assertEquals("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set",
                    failure(() -> backend.open(context(null))));
            assertFalse(backend.isAvailable(context("unix:abstract=/tmp/dbus-abc,guid=0")));
            assertEquals("no usable D-Bus session bus: DBUS_SESSION_BUS_ADDRESS has no unix:path= address"
                    + " (abstract sockets and TCP are not supported)",
                    failure(() -> backend.open(context("disabled:"))));
        } finally {
            backend.deactivate();
        }
    }

    @Test
    void aBusSocketThatIsMissingOrDead() throws Exception {
        SecretServiceKeystoreBackend backend = new SecretServiceKeystoreBackend();
        try {
            Path missing = tmp.resolve("no-bus");
            assertFalse(backend.isAvailable(context("unix:path=" + missing)));
            assertEquals("no D-Bus session bus at " + missing + " (no such socket)",
                    failure(() -> backend.open(context("unix:path=" + missing))));

            // a socket file nobody listens on any more, as a crashed bus leaves behind
            Path stale = tmp.resolve("stale-bus");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(stale));
            }
            assertTrue(Files.exists(stale));
            assertFalse(backend.isAvailable(context("unix:path=" + stale)));
            String message = failure(() -> backend.open(context("unix:path=" + stale)));
            assertTrue(message.startsWith("cannot connect to the D-Bus session bus at " + stale + ": "), message);
        } finally {
            backend.deactivate();
        }
    }

    @Test
    void aBusWithoutSecretServiceIsNotAvailableAndSaysWhy() throws Exception {
        PrivateBus bus = PrivateBus.startBare();
        SecretServiceKeystoreBackend backend = new SecretServiceKeystoreBackend();
        try {
            TestKeystoreContext context = context(bus.address());
            assertFalse(backend.isAvailable(context));
            String noService = "no Secret Service (org.freedesktop.secrets) on the D-Bus session bus; start"
                    + " gnome-keyring (or another Secret Service) or choose another --backend";
            try (Keystore ks = backend.open(context)) {
                assertEquals("cannot read \"default\" from the Secret Service collection \"awsvault\": " + noService,
                        failure(() -> ks.get("default")));
                assertEquals("cannot list the keys in the Secret Service collection \"awsvault\": " + noService,
                        failure(ks::keys));
                assertEquals("cannot store \"default\" in the Secret Service collection \"awsvault\": " + noService,
                        failure(() -> ks.set(OriginalItems.credentials("default", "{}"))));

                bus.close(); // the bus goes away under an open keystore
                assertEquals("cannot read \"default\" from the Secret Service collection \"awsvault\": lost the"
                        + " connection to the D-Bus session bus", failure(() -> ks.get("default")));
            }
            assertFalse(backend.isAvailable(context));
            assertEquals("no D-Bus session bus at " + bus.socket() + " (no such socket)",
                    failure(() -> backend.open(context)));
        } finally {
            backend.deactivate();
            bus.close();
        }
    }

    @Test
    void anActivatableSecretServiceCounts() {
        // the stock session config lists gnome-keyring's .service file: the bus would start it on first use
        try (PrivateBus bus = PrivateBus.start()) {
            SecretServiceKeystoreBackend backend = new SecretServiceKeystoreBackend();
            try {
                assertFalse(bus.hasOwner(GnomeKeyring.SERVICE));
                assertTrue(backend.isAvailable(context(bus.address())));
                assertFalse(bus.hasOwner(GnomeKeyring.SERVICE), "the probe must not start the service");
            } finally {
                backend.deactivate();
            }
        }
    }

    @Test
    void probeAndOpenShareOneConnectionUntilDeactivated() throws Exception {
        try (PrivateBus bus = PrivateBus.start(); GnomeKeyring keyring = GnomeKeyring.start(bus)) {
            keyring.createCollection("awsvault", KeyringFixture.PASSWORD);
            SecretServiceKeystoreBackend backend = new SecretServiceKeystoreBackend();
            TestKeystoreContext context = context(bus.address());
            long first = System.nanoTime();
            assertTrue(backend.isAvailable(context));
            long connected = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertTrue(backend.isAvailable(context));
            }
            long repeated = System.nanoTime();
            try (Keystore ks = backend.open(context)) {
                ks.set(OriginalItems.credentials("default", "{}"));
                assertEquals(1, ourConnections(bus));
            }
            try (Keystore ks = backend.open(context)) {
                assertTrue(ks.get("default").isPresent());
                assertEquals(1, ourConnections(bus));
            }
            System.out.printf("probe: first %.1f ms (connect + 2 calls), then %.2f ms per probe%n",
                    (connected - first) / 1e6, (repeated - connected) / 1e6 / 20);

            backend.deactivate();
            awaitNoConnections(bus);
            assertFalse(backend.isAvailable(context));
            assertEquals("the secret-service backend has been stopped", failure(() -> backend.open(context)));
        }
    }

    /** Connections on {@code bus} that belong to this JVM. */
    private static int ourConnections(PrivateBus bus) {
        String names = bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames");
        long pid = ProcessHandle.current().pid();
        int ours = 0;
        Matcher m = UNIQUE_NAME.matcher(names);
        while (m.find()) {
            String name = m.group().substring(1, m.group().length() - 1);
            // helpers (gdbus, python) come and go meanwhile: a name that is gone is not ours
            Run.Result owner = Run.run(List.of("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                    "--object-path", "/org/freedesktop/DBus", "--method",
                    "org.freedesktop.DBus.GetConnectionUnixProcessID", name), bus.env(), null);
            if (owner.exitCode() == 0 && Arrays.asList(owner.stdout().replaceAll("[^0-9 ]", " ").trim().split("\\s+"))
                    .contains(Long.toString(pid))) {
                ours++;
            }
        }
        return ours;
    }

    private static void awaitNoConnections(PrivateBus bus) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ourConnections(bus) != 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the connection outlived deactivate()");
            }
            Thread.sleep(50);
        }
    }
}
