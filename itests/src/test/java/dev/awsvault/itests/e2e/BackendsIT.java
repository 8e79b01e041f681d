package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertNoLeak;
import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static dev.awsvault.itests.e2e.Checks.parseEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.keystore.GnomeKeyring;
import dev.awsvault.testing.keystore.Kwallet;
import dev.awsvault.testing.keystore.PassStore;
import dev.awsvault.testing.keystore.Peers;
import dev.awsvault.testing.keystore.PrivateBus;
import dev.awsvault.testing.keystore.Run;

/**
 * Every Linux keystore backend through the assembled launcher, against its real peer (pass with gpg, gnome-keyring
 * and kwalletd5 each on a private D-Bus, the user's kernel keyring): add, list, exec with a session cached in the backend,
 * clear, remove. After add, the stored item is read with the peer's own tool and must be exactly what the original
 * aws-vault writes there; after remove, the peer's tool must not find it.
 */
class BackendsIT {
    static final String PROFILE = "team/prof";
    static final String KEY_ID = "AKIABACKENDSIT000001";
    static final String SECRET = "backends/IT+Secret0000000000000000000000";

    @TempDir
    Path tmp;
    AwsEmulator aws;
    Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        aws = AwsEmulator.start().seedUser("prof-user", KEY_ID, SECRET);
        sandbox = Sandbox.empty(tmp).setenv("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .setenv("AWS_REGION", "eu-west-1").setenv("AWS_VAULT_FILE_PASSPHRASE", null);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** The credentials payload the original stores for KEY_ID/SECRET (Go's aws.Credentials as JSON). */
    static String credentialsJson() {
        return "{\"AccessKeyID\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"" + SECRET + "\",\"SessionToken\":\"\","
                + "\"Source\":\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}";
    }

    /** The original's Item-JSON for the credentials of PROFILE (what pass, Secret Service and KWallet hold). */
    static String itemJson() {
        return "{\"Key\":\"" + PROFILE + "\",\"Data\":\"" + Base64.getEncoder().encodeToString(
                credentialsJson().getBytes(StandardCharsets.UTF_8)) + "\",\"Label\":\"aws-vault (" + PROFILE + ")\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}";
    }

    @Test
    void pass() {
        try (PassStore store = PassStore.create()) {
            sandbox.setenv("AWS_VAULT_BACKEND", "pass").setenv("GNUPGHOME", store.env().get("GNUPGHOME"))
                    .setenv("AWS_VAULT_PASS_PASSWORD_STORE_DIR", store.storeDir().toString())
                    .setenv("AWS_VAULT_PASS_PREFIX", "aws-vault");
            roundTrip(() -> {
                Run.Result shown = store.pass(null, "show", "aws-vault/" + PROFILE).ok();
                assertEquals(itemJson(), shown.stdout().strip(), "pass show must print the original's Item-JSON");
            }, () -> assertFalse(store.pass(null, "show", "aws-vault/" + PROFILE).exitCode() == 0));
        }
    }

    @Test
    void secretService() {
        try (PrivateBus bus = PrivateBus.start(); GnomeKeyring keyring = GnomeKeyring.start(bus)) {
            keyring.createCollection("awsvault", "collection-password");
            sandbox.setenv("AWS_VAULT_BACKEND", "secret-service").setenv("DBUS_SESSION_BUS_ADDRESS", bus.address());
            roundTrip(() -> {
                Run.Result found = keyring.secretTool("search", "--all", "profile", PROFILE).ok();
                String all = found.stdout() + found.stderr();
                assertTrue(all.contains("label = " + PROFILE + "\n"), all);
                assertTrue(all.contains("secret = " + itemJson() + "\n"), all);
                assertTrue(all.contains("attribute.profile = " + PROFILE + "\n"), all);
                String items = bus.call(GnomeKeyring.SERVICE, "/org/freedesktop/secrets/collection/awsvault",
                        "org.freedesktop.DBus.Properties.Get", "org.freedesktop.Secret.Collection", "Items");
                assertTrue(items.contains("'/org/freedesktop/secrets/collection/awsvault/"), "in collection awsvault: " + items);
            }, () -> assertFalse(keyring.secretTool("search", "--all", "profile", PROFILE).stdout()
                    .contains("label = " + PROFILE)));
        }
    }

    @Test
    void secretServiceIsTheDefaultWhenTheBusHasIt() {
        try (PrivateBus bus = PrivateBus.start(); GnomeKeyring keyring = GnomeKeyring.start(bus)) {
            keyring.createCollection("awsvault", "collection-password");
            sandbox.setenv("AWS_VAULT_BACKEND", null).setenv("DBUS_SESSION_BUS_ADDRESS", bus.address());
            assertOutput("Added credentials to profile \"" + PROFILE + "\" in vault\n", sandbox.run(
                    Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET), "add", "--env", PROFILE));
            assertTrue(keyring.secretTool("search", "--all", "profile", PROFILE).ok().stdout()
                    .contains("label = " + PROFILE));
        }
    }

    @Test
    void aSecretServicePromptNobodyCanAnswerIsAOneLineErrorAndNothingIsStored() {
        try (PrivateBus bus = PrivateBus.start(); GnomeKeyring keyring = GnomeKeyring.start(bus)) {
            // no "awsvault" collection: creating it needs a prompt, which gnome-keyring dismisses without a display
            sandbox.setenv("AWS_VAULT_BACKEND", "secret-service").setenv("DBUS_SESSION_BUS_ADDRESS", bus.address());
            Result add = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET),
                    "add", "--env", PROFILE);
            assertOneLineError(add);
            assertTrue(add.errText().contains("dismissed"), add::describe);
            assertNoLeak(SECRET, add);
            assertFalse(keyring.secretTool("search", "--all", "profile", PROFILE).stdout().contains("label"));
        }
    }

    @Test
    void aBackendWhosePeerIsGoneIsRejectedAsTheOriginalRejectsAnUnknownOne() {
        // the session bus went away (a stale address): Secret Service and KWallet are not available
        sandbox.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-bus")).setenv("AWS_VAULT_BACKEND", null);
        Result r = sandbox.run("--backend", "secret-service", "list");
        assertOneLineError(r);
        assertTrue(r.errText().contains("enum value must be one of ") && r.errText().contains("got 'secret-service'")
                && !r.errText().contains("kwallet"), r::describe);
    }

    @Test
    void passWithoutTheGpgKeyIsAOneLineErrorAndTheItemSurvives() throws Exception {
        try (PassStore store = PassStore.create()) {
            sandbox.setenv("AWS_VAULT_BACKEND", "pass").setenv("GNUPGHOME", store.env().get("GNUPGHOME"))
                    .setenv("AWS_VAULT_PASS_PASSWORD_STORE_DIR", store.storeDir().toString());
            assertOutput("Added credentials to profile \"" + PROFILE + "\" in vault\n", sandbox.run(
                    Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET), "add", "--env", PROFILE));
            Path noKeys = java.nio.file.Files.createDirectories(tmp.resolve("empty-gnupg"),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Result r = sandbox.run(Map.of("GNUPGHOME", noKeys.toString()), "export", "--no-session", PROFILE);
            assertOneLineError(r);
            assertTrue(r.errText().contains("No secret key") || r.errText().contains("decryption failed"), r::describe);
            assertNoLeak(SECRET, r);
            assertEquals(itemJson(), store.pass(null, "show", PROFILE).ok().stdout().strip(), "the item is intact");
        }
    }

    @Test
    void kwallet() {
        try (PrivateBus bus = PrivateBus.start(); Kwallet kwallet = Kwallet.start(bus)) {
            kwallet.pamOpen("aws-vault");
            sandbox.setenv("AWS_VAULT_BACKEND", "kwallet").setenv("DBUS_SESSION_BUS_ADDRESS", bus.address());
            roundTrip(() -> assertEquals(itemJson(), bytes(kwallet.readEntryText("aws-vault", "aws-vault", PROFILE,
                    "aws-vault")), "KWallet must hold the original's Item-JSON in wallet, folder and entry aws-vault"),
                    () -> assertTrue(kwallet.call("entryList", handle(kwallet), "aws-vault", "aws-vault")
                            .matches("\\(@as \\[\\],\\)|\\(\\[\\],\\)"), "the entry must be gone"));
        }
    }

    @Test
    void keyctl() {
        Peers.require("keyctl");
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
        boolean hadKeyring = Run.run(List.of("keyctl", "search", "@u", "keyring", "aws-vault"), env, null).exitCode() == 0;
        sandbox.setenv("AWS_VAULT_BACKEND", "keyctl");
        try {
            roundTrip(() -> {
                String ring = Run.run(List.of("keyctl", "search", "@u", "keyring", "aws-vault"), env, null).ok()
                        .stdout().strip();
                String key = Run.run(List.of("keyctl", "search", ring, "user", PROFILE), env, null).ok().stdout().strip();
                assertEquals(credentialsJson(), Run.run(List.of("keyctl", "pipe", key), env, null).ok().stdout(),
                        "the kernel keyring must hold the raw credentials payload under the profile's name");
            }, () -> assertFalse(Run.run(List.of("keyctl", "search", "@u", "user", PROFILE), env, null).exitCode() == 0,
                    "the key must be gone"));
        } finally {
            if (!hadKeyring) {
                Run.Result ring = Run.run(List.of("keyctl", "search", "@u", "keyring", "aws-vault"), env, null);
                if (ring.exitCode() == 0) {
                    Run.run(List.of("keyctl", "unlink", ring.stdout().strip(), "@u"), env, null);
                }
            }
        }
    }

    private static String handle(Kwallet kwallet) {
        return kwallet.call("open", "aws-vault", "0", "aws-vault").replaceAll("[^0-9-]", "");
    }

    /** The bytes of a gdbus-printed {@code ay}: either {@code (b'text',)} or {@code ([byte 0x7b, 0x22, …],)}. */
    static String bytes(String printed) {
        String s = printed.strip();
        if (s.startsWith("(b'") || s.startsWith("(b\"")) {
            return s.substring(3, s.length() - 3).replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0x([0-9a-f]{2})").matcher(s);
        while (m.find()) {
            out.write(Integer.parseInt(m.group(1), 16));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * add, the stored item checked by {@code stored}, list, exec twice (one GetSessionToken, the session cached in the
     * backend), clear, remove, and {@code gone} checked.
     */
    private void roundTrip(Runnable stored, Runnable gone) {
        assertOutput("Added credentials to profile \"" + PROFILE + "\" in vault\n", sandbox.run(
                Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET), "add", "--env", PROFILE));
        stored.run();
        assertOutput(PROFILE + "\n", sandbox.run("list", "--credentials"));

        Result first = sandbox.run("exec", PROFILE, "--", "env");
        assertEquals(0, first.exitCode(), first::describe);
        String sessionKey = parseEnv(first.outText()).get("AWS_ACCESS_KEY_ID");
        assertTrue(sessionKey.startsWith("ASIA"), first::describe);
        assertEquals(KEY_ID, aws.calls("GetSessionToken").get(0).accessKeyId());
        Result second = sandbox.run("exec", PROFILE, "--", "env");
        assertEquals(sessionKey, parseEnv(second.outText()).get("AWS_ACCESS_KEY_ID"), second::describe);
        assertEquals(1, aws.callCount("GetSessionToken"), "the second exec must use the session cached in the backend");
        Result list = sandbox.run("list");
        assertTrue(list.outText().contains("sts.GetSessionToken:"), list::describe);

        assertOutput("Cleared 1 sessions.\n", sandbox.run("clear"));
        assertOutput("Deleted credentials.\n", sandbox.run("remove", "-f", PROFILE));
        gone.run();
        assertOutput("", sandbox.run("list", "--credentials"));
    }
}
