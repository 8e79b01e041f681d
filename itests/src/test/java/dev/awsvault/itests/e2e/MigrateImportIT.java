package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.keystore.PassStore;

/**
 * Moving a vault between backends ({@code migrate-backend}, the fork's command) and taking keys out of a plain-text
 * {@code ~/.aws/credentials} into the vault ({@code import}, ours), through the assembled launcher.
 */
class MigrateImportIT {
    @TempDir
    Path tmp;

    @Test
    void migrateTheFixtureVaultFromTheFileBackendToPass() throws Exception {
        Sandbox sandbox = Sandbox.withFixture(tmp);
        try (PassStore store = PassStore.create()) {
            sandbox.setenv("GNUPGHOME", store.env().get("GNUPGHOME"))
                    .setenv("AWS_VAULT_PASS_PASSWORD_STORE_DIR", store.storeDir().toString());

            Result dry = sandbox.run("migrate-backend", "--from", "file", "--to", "pass", "--dry-run");
            assertEquals(0, dry.exitCode(), dry::describe);
            assertTrue(dry.outText().endsWith("No changes made.\n"), dry::describe);
            assertFalse(Files.exists(store.storeDir().resolve("home.gpg")), "a dry run writes nothing");

            Result moved = sandbox.run("migrate-backend", "--from", "file", "--to", "pass", "--delete-source");
            assertEquals(0, moved.exitCode(), moved::describe);
            assertTrue(moved.outText().contains("Migrating home... copied, verified, deleted source\n"), moved::describe);
            assertTrue(moved.outText().contains("Migrating work/admin... copied, verified, deleted source\n"),
                    moved::describe);
            assertTrue(moved.outText().contains("  deleted from source: 2\n"), moved::describe);

            String home = store.pass(null, "show", "home").ok().stdout().strip();
            assertTrue(home.startsWith("{\"Key\":\"home\",\"Data\":\""), home);
            String data = new String(Base64.getDecoder().decode(home.split("\"Data\":\"")[1].split("\"")[0]),
                    StandardCharsets.UTF_8);
            assertTrue(data.startsWith("{\"AccessKeyID\":\"" + Fixture.HOME_ACCESS_KEY_ID + "\""), "payload of home");
            assertFalse(Files.exists(sandbox.keys().resolve("home")), "--delete-source removes the file item");
            assertFalse(Files.exists(sandbox.keys().resolve("work%2Fadmin")));

            assertOutput("AWS_ACCESS_KEY_ID=" + Fixture.WORK_ACCESS_KEY_ID + "\nAWS_SECRET_ACCESS_KEY="
                    + Fixture.WORK_SECRET_ACCESS_KEY + "\nAWS_REGION=" + Fixture.REGION + "\nAWS_DEFAULT_REGION="
                    + Fixture.REGION + "\n", sandbox.run("--backend", "pass", "export", "--no-session", "work/admin"));
        }
    }

    @Test
    void importMovesLongTermKeysIntoTheVaultAndRemovesThemFromThePlainTextFile() throws Exception {
        Sandbox sandbox = Sandbox.empty(tmp);
        Path credentials = sandbox.home().resolve(".aws/credentials");
        Files.writeString(credentials, "# written by hand\n[default]\naws_access_key_id = AKIAIMPORTED00000001\n"
                + "aws_secret_access_key = imported/Secret+Key000000000000000000000\nregion = eu-west-1\n\n"
                + "[temp]\n# a session, not a long-term key\naws_access_key_id = ASIATEMPORARY0000001\n"
                + "aws_secret_access_key = temp\naws_session_token = token\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));

        Result imported = sandbox.run("import", "--remove-plaintext");
        assertEquals(0, imported.exitCode(), imported::describe);
        assertTrue(imported.outText().contains("Importing default... imported, verified\n"), imported::describe);
        assertTrue(imported.outText().contains("Importing temp... skipped, temporary credentials"), imported::describe);
        assertTrue(imported.outText().contains("Removed the plain-text keys of 1 profile from " + credentials + ".\n"),
                imported::describe);

        assertEquals("# written by hand\n[default]\nregion = eu-west-1\n\n"
                + "[temp]\n# a session, not a long-term key\naws_access_key_id = ASIATEMPORARY0000001\n"
                + "aws_secret_access_key = temp\naws_session_token = token\n", Files.readString(credentials));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)),
                "the rewritten file is never wider than 0600");
        assertTrue(Files.isRegularFile(sandbox.keys().resolve("default")), "the key is now in the vault");
        assertOutput("AWS_ACCESS_KEY_ID=AKIAIMPORTED00000001\nAWS_SECRET_ACCESS_KEY=imported/Secret+Key000000000000000000000\n",
                sandbox.run("export", "--no-session", "default"));
        assertTrue(Files.readString(sandbox.config()).contains("[default]") || Files.readString(sandbox.config()).contains("[profile default]"),
                "import adds the profile to the config as add does");
    }
}
