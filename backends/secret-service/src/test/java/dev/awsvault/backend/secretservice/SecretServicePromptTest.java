package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * Prompts without a display, against a real gnome-keyring: its prompter cannot show a window, so every prompt is
 * dismissed at once. That is the real negative path users without a desktop session hit.
 */
class SecretServicePromptTest {
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

    private static String failure(Executable operation) {
        String message = assertThrows(KeystoreException.class, operation).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void aMissingCollectionIsNotCreatedForReading() throws Exception {
        List<String> before = fixture.collections();
        try (Keystore ks = fixture.backend.open(fixture.context("absent-for-reading"))) {
            assertEquals(List.of(), ks.keys());
            assertEquals(Optional.empty(), ks.get("default"));
            assertFalse(ks.remove("default"));
        }
        assertEquals(before, fixture.collections());
    }

    @Test
    void creatingTheCollectionNeedsAPromptWhichHeadlessIsDismissed() throws Exception {
        List<String> before = fixture.collections();
        try (Keystore ks = fixture.backend.open(fixture.context("created-on-first-write"))) {
            assertEquals("cannot store \"default\" in the Secret Service collection \"created-on-first-write\": the"
                    + " prompt to create the collection was dismissed",
                    failure(() -> ks.set(OriginalItems.credentials("default", "{\"AccessKeyID\":\"AKIA1\"}"))));
        }
        assertEquals(before, fixture.collections(), "nothing was created");
        assertEquals("", fixture.keyring.secretTool("search", "--all", "profile", "default").stdout().strip());
    }

    @Test
    void aLockedCollectionAsksToUnlockAndWorksOnceUnlocked() throws Exception {
        String path = fixture.keyring.createCollection("locked", KeyringFixture.PASSWORD);
        try (Keystore ks = fixture.backend.open(fixture.context("locked"))) {
            ks.set(OriginalItems.credentials("work", "{\"v\":\"before\"}"));
        }
        fixture.keyring.lock(path);
        try (Keystore ks = fixture.backend.open(fixture.context("locked"))) {
            String prefix = " the Secret Service collection \"locked\": the prompt to unlock ";
            assertEquals("cannot read \"work\" from" + prefix + "the item was dismissed", failure(() -> ks.get("work")));
            assertEquals("cannot list the keys in" + prefix + "the collection was dismissed", failure(ks::keys));
            assertEquals("cannot store \"work\" in" + prefix + "the collection was dismissed",
                    failure(() -> ks.set(OriginalItems.credentials("work", "{\"v\":\"after\"}"))));
            assertEquals("cannot remove \"work\" from" + prefix + "the item was dismissed",
                    failure(() -> ks.remove("work")));

            fixture.keyring.unlock(path, KeyringFixture.PASSWORD);
            // nothing changed while it was locked
            assertEquals("{\"v\":\"before\"}", new String(ks.get("work").orElseThrow().data(),
                    StandardCharsets.UTF_8));
            assertEquals(List.of("work"), ks.keys());
            ks.set(OriginalItems.credentials("work", "{\"v\":\"after\"}"));
            assertEquals("{\"v\":\"after\"}", new String(ks.get("work").orElseThrow().data(),
                    StandardCharsets.UTF_8));
            assertTrue(ks.remove("work"));
        }
    }
}
