package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.VirtualDisplay;

/**
 * The real prompt flow: gnome-keyring's prompter (gcr-prompter, started by the bus) shows its dialogs on an Xvfb
 * display, and xdotool types into them. Covers creating the collection on the first write, unlocking it, and a
 * prompt nobody answers.
 */
class SecretServiceDesktopPromptTest {
    private static final String PROMPTER = "gcr-prompter";
    private static final Duration DIALOG = Duration.ofSeconds(30);
    private static VirtualDisplay display;
    private static KeyringFixture fixture;

    @BeforeAll
    static void start() {
        fixture = KeyringFixture.start(new SecretServiceKeystoreBackend());
        try {
            display = VirtualDisplay.start(fixture.bus.dir());
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
        // the prompter is started by the bus: it must inherit the display from the bus's activation environment
        fixture.bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.UpdateActivationEnvironment", "{'DISPLAY': '" + display.display() + "'}");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (display != null) {
            display.close();
        }
    }

    /** Types {@code fields} into gcr-prompter's dialog once it shows, Tab between them, then Return. */
    private static void answerThePrompter(String... fields) {
        display.answer(display.awaitWindowOfClass(PROMPTER, DIALOG), fields);
    }

    private static <T> T await(CompletableFuture<T> operation) throws Exception {
        try {
            return operation.get(DIALOG.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    void theFirstWriteCreatesTheCollectionThroughThePrompt() throws Exception {
        KeystoreItem item = OriginalItems.credentials("home", OriginalItems.HOME_CREDENTIALS);
        Keystore ks = fixture.backend.open(fixture.context("awsvault"));
        try {
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> ks.set(item));
            answerThePrompter("new-keyring-password", "new-keyring-password");
            await(write);
            assertEquals(OriginalItems.HOME_CREDENTIALS, new String(ks.get("home").orElseThrow().data(),
                    StandardCharsets.UTF_8));
        } finally {
            ks.close();
        }
        // created as the original creates it: label "awsvault", which gnome-keyring turns into this path and file
        assertTrue(fixture.collections().contains("/org/freedesktop/secrets/collection/awsvault"),
                fixture.collections().toString());
        assertTrue(Files.exists(fixture.keyring.keyringsDir().resolve("awsvault.keyring")));
        assertTrue(fixture.keyring.secretTool("search", "--all", "profile", "home").stdout()
                .contains("secret = " + OriginalItems.HOME_JSON));
    }

    @Test
    void aLockedCollectionIsUnlockedThroughThePrompt() throws Exception {
        String path = fixture.keyring.createCollection("to-unlock", "unlock-password");
        try (Keystore ks = fixture.backend.open(fixture.context("to-unlock"))) {
            ks.set(OriginalItems.credentials("work", "{\"v\":1}"));
        }
        fixture.keyring.lock(path);
        try (Keystore ks = fixture.backend.open(fixture.context("to-unlock"))) {
            CompletableFuture<Optional<KeystoreItem>> read = CompletableFuture.supplyAsync(() -> ks.get("work"));
            answerThePrompter("unlock-password");
            assertEquals("{\"v\":1}", new String(await(read).orElseThrow().data(), StandardCharsets.UTF_8));
            assertEquals(List.of("work"), ks.keys()); // unlocked now: no second prompt
        }
    }

    @Test
    void aPromptNobodyAnswersIsWithdrawnAfterTheTimeout() throws Exception {
        SecretServiceKeystoreBackend impatient = new SecretServiceKeystoreBackend(Duration.ofSeconds(3));
        List<String> before = fixture.collections();
        try (Keystore ks = impatient.open(fixture.context("never-answered"))) {
            KeystoreException e = assertThrows(KeystoreException.class,
                    () -> ks.set(OriginalItems.credentials("default", "{}")));
            assertEquals("cannot store \"default\" in the Secret Service collection \"never-answered\": the prompt to"
                    + " create the collection got no answer within 3 s", e.getMessage());
            // withdrawn by us (Dismiss), while our connection is still open: gnome-keyring would also drop it
            // when the connection closes
            long end = System.nanoTime() + DIALOG.toNanos();
            while (!display.windowsOfClass(PROMPTER).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), display.windowsOfClass(PROMPTER), "the dialog was withdrawn");
        } finally {
            impatient.deactivate();
        }
        assertEquals(before, fixture.collections(), "nothing was created");
    }
}
