package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreException;

/** Bus addresses from the caller's environment, the original's collection-path decoding, message quoting. */
class AddressAndNamesTest {

    private static SessionBusAddress address(String value) {
        return SessionBusAddress.of(Map.of("DBUS_SESSION_BUS_ADDRESS", value));
    }

    @Test
    void takesTheFirstUnixPathEntry() {
        assertEquals(Path.of("/run/user/1000/bus"), address("unix:path=/run/user/1000/bus").socket());
        assertEquals(Path.of("/tmp/dbus-x"), address("unix:path=/tmp/dbus-x,guid=0123abcd").socket());
        assertEquals(Path.of("/tmp/b"), address("unix:abstract=/tmp/a,guid=1;tcp:host=h,port=1;unix:guid=2,path=/tmp/b")
                .socket());
        assertEquals(Path.of("/tmp/with space/ü"), address("unix:path=/tmp/with%20space/%c3%bc").socket());
        assertEquals("unix:path=/tmp/with space/ü", address("unix:path=/tmp/with%20space/%c3%bc").dbusJavaAddress());
    }

    @Test
    void refusesWhatDbusJavaCannotReach() {
        for (String unusable : new String[] {"unix:abstract=/tmp/dbus-abc,guid=1", "tcp:host=localhost,port=1",
                "disabled:", "unix:path=", "unix:path=/tmp/bad%zz", "unix:path=/tmp/a%2Cb", "autolaunch:"}) {
            KeystoreException e = assertThrows(KeystoreException.class, () -> address(unusable), unusable);
            assertEquals("no usable D-Bus session bus: DBUS_SESSION_BUS_ADDRESS has no unix:path= address"
                    + " (abstract sockets and TCP are not supported)", e.getMessage());
        }
        assertEquals("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set",
                assertThrows(KeystoreException.class, () -> SessionBusAddress.of(Map.of())).getMessage());
        assertEquals("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set",
                assertThrows(KeystoreException.class, () -> address(" ")).getMessage());
    }

    @Test
    void decodesCollectionPathsAsTheOriginal() {
        assertArrayEquals(bytes("/org/freedesktop/secrets/collection/aws-vault"),
                SecretServiceClient.unescapeObjectPath("/org/freedesktop/secrets/collection/aws_2dvault"));
        assertArrayEquals(bytes("/org/freedesktop/secrets/collection/ünï"),
                SecretServiceClient.unescapeObjectPath("/org/freedesktop/secrets/collection/_c3_bcn_c3_af"));
        assertArrayEquals(bytes("/c/awsvault_1"), SecretServiceClient.unescapeObjectPath("/c/awsvault_5f1"));
        // malformed escapes leave the whole path as it is, as Go's decodeKeyringString does
        assertArrayEquals(bytes("/c/a_zz_2d"), SecretServiceClient.unescapeObjectPath("/c/a_zz_2d"));
        assertArrayEquals(bytes("/c/a_2"), SecretServiceClient.unescapeObjectPath("/c/a_2"));
    }

    @Test
    void quotesKeysOnOneLine() {
        assertEquals("\"work/admin\"", SecretServiceKeystore.quote("work/admin"));
        assertEquals("\"a\\u000ab\\\"c\\\\\"", SecretServiceKeystore.quote("a\nb\"c\\"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
