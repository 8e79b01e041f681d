package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.Run;

/**
 * The physical layout, checked with gnome-keyring's own tools rather than our code: what we store is what the
 * original stores, and what the original (or a user with secret-tool) stored, we read.
 */
class SecretServiceLayoutTest {
    private static KeyringFixture fixture;

    @BeforeAll
    static void start() {
        fixture = KeyringFixture.start(new SecretServiceKeystoreBackend());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * {@code secret-tool search --all} output as field name to value, for the one item it finds (label, secret,
     * dates on stdout; {@code attribute.*} lines on stderr).
     */
    private static Map<String, String> secretToolSearch(String key) {
        Run.Result r = fixture.keyring.secretTool("search", "--all", "profile", key).ok();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : (r.stdout() + "\n" + r.stderr()).split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                assertFalse(fields.containsKey(line.substring(0, eq)), "more than one item for " + key + ":\n" + r);
                fields.put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
        return fields;
    }

    @Test
    void itemsAreStoredAsTheOriginalStoresThem() throws Exception {
        String path = fixture.keyring.createCollection("layout1", KeyringFixture.PASSWORD);
        try (Keystore ks = fixture.backend.open(fixture.context("layout1"))) {
            ks.set(OriginalItems.credentials("home", OriginalItems.HOME_CREDENTIALS));
            ks.set(OriginalItems.credentials("work/admin", OriginalItems.WORK_ADMIN_CREDENTIALS));
        }
        Map<String, String> home = secretToolSearch("home");
        assertEquals("home", home.get("label"));
        assertEquals("home", home.get("attribute.profile"));
        assertEquals(OriginalItems.HOME_JSON, home.get("secret"));
        // exactly one attribute: the original sets no xdg:schema
        assertEquals(1, home.keySet().stream().filter(k -> k.startsWith("attribute.")).count(), home.toString());
        Map<String, String> admin = secretToolSearch("work/admin");
        assertEquals("work/admin", admin.get("label"));
        assertEquals(OriginalItems.WORK_ADMIN_JSON, admin.get("secret"));
        // and both are in our collection, not the default one
        String items = fixture.keyring.python("""
                import dbus, sys
                bus = dbus.SessionBus()
                c = bus.get_object('org.freedesktop.secrets', sys.argv[1])
                for i in c.Get('org.freedesktop.Secret.Collection', 'Items', dbus_interface='org.freedesktop.DBus.Properties'):
                    print(bus.get_object('org.freedesktop.secrets', i).Get('org.freedesktop.Secret.Item', 'Label', dbus_interface='org.freedesktop.DBus.Properties'))
                """, path);
        assertEquals(List.of("home", "work/admin"), items.lines().sorted().toList());
        // the golden keys are used by another test too: secret-tool searches every collection
        try (Keystore ks = fixture.backend.open(fixture.context("layout1"))) {
            assertTrue(ks.remove("home"));
            assertTrue(ks.remove("work/admin"));
        }
        assertEquals("", fixture.keyring.secretTool("search", "--all", "profile", "home").stdout().strip());
    }

    @Test
    void replacingKeepsOneItemPerKey() throws Exception {
        fixture.keyring.createCollection("layout2", KeyringFixture.PASSWORD);
        try (Keystore ks = fixture.backend.open(fixture.context("layout2"))) {
            ks.set(OriginalItems.credentials("replaced", "{\"v\":1}"));
            ks.set(OriginalItems.credentials("replaced", "{\"v\":2}"));
        }
        // secretToolSearch fails on a second item
        assertTrue(secretToolSearch("replaced").get("secret").contains("\"Data\":\"eyJ2IjoyfQ==\""));
    }

    @Test
    void readsItemsTheOriginalWrote() throws Exception {
        String path = fixture.keyring.createCollection("layout3", KeyringFixture.PASSWORD);
        fixture.storeAsOriginal(path, "home", OriginalItems.HOME_JSON, "application/json");
        Run.Result stored = Run.run(List.of("secret-tool", "store", "--collection=" + path, "--label=work/admin",
                "profile", "work/admin"), fixture.bus.env(), OriginalItems.WORK_ADMIN_JSON);
        stored.ok();
        try (Keystore ks = fixture.backend.open(fixture.context("layout3"))) {
            assertEquals(List.of("home", "work/admin"), ks.keys().stream().sorted().toList());
            assertEquals(OriginalItems.credentials("home", OriginalItems.HOME_CREDENTIALS),
                    ks.get("home").orElseThrow());
            KeystoreItem admin = ks.get("work/admin").orElseThrow();
            assertEquals(OriginalItems.WORK_ADMIN_CREDENTIALS, new String(admin.data(), StandardCharsets.UTF_8));
            assertEquals("aws-vault (work/admin)", admin.label());
            assertTrue(ks.remove("home"));
            assertTrue(ks.remove("work/admin"));
            assertEquals(List.of(), ks.keys());
        }
        assertEquals("", fixture.keyring.secretTool("search", "--all", "profile", "home").stdout().strip());
    }

    @Test
    void foreignContentFailsOnlyItsKeyNamingIt() throws Exception {
        String path = fixture.keyring.createCollection("layout4", KeyringFixture.PASSWORD);
        fixture.storeAsOriginal(path, "good", OriginalItems.HOME_JSON, "application/json");
        Run.run(List.of("secret-tool", "store", "--collection=" + path, "--label=plain", "profile", "plain"),
                fixture.bus.env(), "hunter2-not-json").ok();
        try (Keystore ks = fixture.backend.open(fixture.context("layout4"))) {
            KeystoreException e = assertThrows(KeystoreException.class, () -> ks.get("plain"));
            assertEquals("cannot read \"plain\" from the Secret Service collection \"layout4\": not an aws-vault item:"
                    + " it is not valid JSON (was it written by another tool?)", e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"));
            assertTrue(ks.get("good").isPresent());
            assertEquals(List.of("good", "plain"), ks.keys().stream().sorted().toList());
        }
    }

    @Test
    void findsCollectionsWhoseObjectPathIsEscaped() throws Exception {
        // gnome-keyring names this one .../collection/aws_2dvault; the original decodes _2d before comparing
        String path = fixture.keyring.createCollection("aws-vault", KeyringFixture.PASSWORD);
        assertEquals("/org/freedesktop/secrets/collection/aws_2dvault", path);
        // and this one .../collection/my_5fkeys, which the original never finds; we find it by its label
        String spaced = fixture.keyring.createCollection("my keys", KeyringFixture.PASSWORD);
        List<String> before = fixture.collections();
        for (String label : List.of("aws-vault", "my keys")) {
            try (Keystore ks = fixture.backend.open(fixture.context(label))) {
                ks.set(OriginalItems.credentials("in " + label, "{}"));
            }
        }
        assertEquals(before, fixture.collections(), "no collection was created");
        assertEquals(path + "/1", fixture.keyring.secretTool("search", "--all", "profile", "in aws-vault").stdout()
                .lines().findFirst().map(l -> path + l.substring(1, l.length() - 1)).orElseThrow());
        assertTrue(fixture.keyring.python("""
                import dbus, sys
                bus = dbus.SessionBus()
                c = bus.get_object('org.freedesktop.secrets', sys.argv[1])
                print(len(c.Get('org.freedesktop.Secret.Collection', 'Items', dbus_interface='org.freedesktop.DBus.Properties')))
                """, spaced).equals("1"));
    }
}
