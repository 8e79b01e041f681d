package dev.awsvault.testing.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The peer starters work on this machine: each peer answers its own tool, and closing ends it. */
class PeersTest {

    @Test
    void gnomeKeyringOnAPrivateBus() {
        try (PrivateBus bus = PrivateBus.start(); GnomeKeyring gk = GnomeKeyring.start(bus)) {
            assertTrue(bus.address().startsWith("unix:path=" + bus.dir().resolve("bus")), bus.address());
            assertEquals("/org/freedesktop/secrets/collection/awsvault", gk.createCollection("awsvault", "pw"));
            gk.secretTool("store", "--label=t", "service", "peers-test").ok();
            assertTrue(gk.secretTool("search", "--all", "service", "peers-test").ok().stdout().contains("label = t"));
            gk.lock("/org/freedesktop/secrets/collection/awsvault");
            gk.unlock("/org/freedesktop/secrets/collection/awsvault", "pw");
        }
    }

    @Test
    void kwalletdOnAPrivateBus() {
        try (PrivateBus bus = PrivateBus.start(); Kwallet kw = Kwallet.start(bus)) {
            kw.pamOpen("aws-vault");
            assertTrue(kw.call("isOpen", "aws-vault").contains("true"));
            String handle = kw.call("open", "aws-vault", "0", "peers-test").replaceAll("[^0-9-]", "");
            assertEquals("(true,)", kw.call("createFolder", handle, "f", "peers-test"));
            assertEquals("(0,)", kw.call("writePassword", handle, "f", "k", "v", "peers-test"));
            assertEquals("('v',)", kw.call("readPassword", handle, "f", "k", "peers-test"));
        }
    }

    @Test
    void passWithAFreshGpgKey() {
        try (PassStore store = PassStore.create()) {
            store.pass("{\"a\":1}\n", "insert", "-m", "aws-vault/default").ok();
            assertEquals("{\"a\":1}\n", store.pass(null, "show", "aws-vault/default").ok().stdout());
            assertFalse(store.pass(null, "show", "missing").exitCode() == 0);
        }
    }
}
