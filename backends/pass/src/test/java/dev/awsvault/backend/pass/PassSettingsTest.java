package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/** How the three settings resolve (keyring v1.2.2 rules), checked without running pass. */
class PassSettingsTest {
    private final TestKeystoreContext context = new TestKeystoreContext(Path.of("/home/u"));

    @Test
    void defaults() {
        PassSettings settings = PassSettings.of(context);
        assertEquals("pass", settings.command());
        assertEquals("/home/u/.password-store", settings.storeDir());
        assertEquals("", settings.prefix());
    }

    @Test
    void passwordStoreDirFromTheCallersEnvironmentWhenNoPassDir() {
        context.env("PASSWORD_STORE_DIR", "/srv/store");
        assertEquals("/srv/store", PassSettings.of(context).storeDir());
        context.env("PASSWORD_STORE_DIR", "~/elsewhere");
        assertEquals("/home/u/elsewhere", PassSettings.of(context).storeDir());
    }

    @Test
    void passDirBeatsPasswordStoreDir() {
        context.env("PASSWORD_STORE_DIR", "/srv/store").setting(KeystoreContext.PASS_DIR, "/opt/mine");
        assertEquals("/opt/mine", PassSettings.of(context).storeDir());
    }

    @Test
    void emptyValuesCountAsUnset() {
        context.env("PASSWORD_STORE_DIR", "").setting(KeystoreContext.PASS_DIR, "")
                .setting(KeystoreContext.PASS_CMD, "").setting(KeystoreContext.PASS_PREFIX, "");
        PassSettings settings = PassSettings.of(context);
        assertEquals("/home/u/.password-store", settings.storeDir());
        assertEquals("pass", settings.command());
    }

    @Test
    void onlyALeadingTildeSlashIsExpanded() {
        context.setting(KeystoreContext.PASS_DIR, "~/.pw");
        assertEquals("/home/u/.pw", PassSettings.of(context).storeDir());
        context.setting(KeystoreContext.PASS_DIR, "~other/.pw");
        assertEquals("~other/.pw", PassSettings.of(context).storeDir());
        context.setting(KeystoreContext.PASS_DIR, "/x/~/.pw");
        assertEquals("/x/~/.pw", PassSettings.of(context).storeDir());
    }

    @Test
    void theChildGetsTheCallersEnvironmentAndTheStore() {
        context.env("GNUPGHOME", "/g").env("PASSWORD_STORE_DIR", "/ignored").setting(KeystoreContext.PASS_DIR, "/s");
        PassSettings settings = PassSettings.of(context);
        var env = settings.childEnvironment(context.environment());
        assertEquals("/s", env.get("PASSWORD_STORE_DIR"));
        assertEquals("/g", env.get("GNUPGHOME"));
        assertEquals("/home/u", env.get("HOME"));
    }
}
