package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.core.SessionKey;
import dev.awsvault.core.Vault;

/** {@code migrate-backend}: the ByteNess fork's flags, lines and summary, plus {@code --include-sessions}. */
class MigrateBackendCommandTest {
    static final String SUMMARY = "\nMigration summary:\n  copied: %d\n  overwritten: %d\n  skipped: %d\n  deleted from source: %d\n";

    @TempDir
    Path dir;
    Fakes.Service service;
    Fakes.MemoryKeystore file;
    Fakes.MemoryKeystore pass;
    String devSession;
    String prodSession;

    @BeforeEach
    void setUp() throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[profile dev]\nsso_start_url = https://dev.awsapps.com/start\n"
                + "[profile prod]\nregion = eu-west-1\n");
        service = new Fakes.Service(dir, config);
        file = service.named("file");
        pass = service.named("pass");
        Vault source = service.vault("file");
        source.credentials().set("dev", AwsCredentials.of("AKIADEV", "CANARY-DEV-SECRET"));
        source.credentials().set("prod", AwsCredentials.of("AKIAPROD", "CANARY-PROD-SECRET"));
        devSession = new SessionKey("sts.GetSessionToken", "dev", "", Instant.now().plusSeconds(3600)).toString();
        prodSession = new SessionKey("sts.GetSessionToken", "prod", "", Instant.now().plusSeconds(3600)).toString();
        file.set(new KeystoreItem(devSession, "{\"AccessKeyId\":\"ASIA1\"}".getBytes(StandardCharsets.UTF_8),
                "aws-vault session for dev (expires x)", "aws-vault session", false, false));
        file.set(new KeystoreItem(prodSession, "{\"AccessKeyId\":\"ASIA2\"}".getBytes(StandardCharsets.UTF_8),
                "aws-vault session for prod (expires x)", "aws-vault session", false, false));
        file.set(new KeystoreItem("oidc:https://dev.awsapps.com/start", "{\"Token\":{}}".getBytes(StandardCharsets.UTF_8),
                "aws-vault oidc token for https://dev.awsapps.com/start (expires x)", "aws-vault oidc token", false, false));
        file.calls.clear();
    }

    private Fakes.TestInvocation invocation() {
        return new Fakes.TestInvocation(List.of(), Map.of(), new Fakes.ScriptedTerminal());
    }

    private Fakes.Context migrate(Fakes.TestInvocation inv, String... flags) {
        Fakes.Context ctx = new Fakes.Context(MigrateBackendCommand.SPEC, inv).flag("from", "file").flag("to", "pass");
        for (String f : flags) {
            int eq = f.indexOf('=');
            ctx.flag(eq < 0 ? f : f.substring(0, eq), eq < 0 ? "true" : f.substring(eq + 1));
        }
        return ctx;
    }

    private int run(Fakes.TestInvocation inv, String... flags) {
        return new MigrateBackendCommand(service).run(migrate(inv, flags));
    }

    private static Map<String, KeystoreItem> snapshot(Fakes.MemoryKeystore k) {
        return new TreeMap<>(k.items);
    }

    @Test
    void dryRunListsWhatWouldMoveAndChangesNothing() {
        Map<String, KeystoreItem> before = snapshot(file);
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "dry-run"));
        assertEquals("Would migrate 2 credential profile(s) from file to pass:\n  dev\n  prod\n\nNo changes made.\n", inv.stdout());
        Fakes.TestInvocation all = invocation();
        assertEquals(0, run(all, "dry-run", "include-sessions"));
        assertEquals("Would migrate 2 credential profile(s) and 3 session(s)/token(s) from file to pass:\n  dev\n  prod\n"
                + "  oidc:https://dev.awsapps.com/start\n  " + devSession + "\n  " + prodSession + "\n\nNo changes made.\n",
                all.stdout());
        assertEquals(before, snapshot(file));
        assertTrue(pass.items.isEmpty());
        assertTrue(file.calls.isEmpty(), "a dry run reads no secret: " + file.calls);
        assertTrue(pass.calls.isEmpty());
    }

    @Test
    void copiesCredentialsAsAddStoresThemVerifiesAndKeepsTheSource() {
        Map<String, KeystoreItem> before = snapshot(file);
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv));
        assertEquals("Migrating dev... copied, verified\nMigrating prod... copied, verified\n" + String.format(SUMMARY, 2, 0, 0, 0),
                inv.stdout());
        assertEquals(List.of("dev", "prod"), pass.keys(), "no sessions without --include-sessions");
        KeystoreItem copy = pass.items.get("dev");
        assertEquals(before.get("dev"), copy, "same key, payload, label and keychain flags as the source (add's layout)");
        assertEquals("aws-vault (dev)", copy.label());
        assertTrue(copy.keychainNotTrustApplication());
        assertEquals(List.of("set dev", "get dev", "set prod", "get prod"), pass.calls, "each copy is read back");
        assertEquals(before, snapshot(file));
        assertFalse(inv.stdout().contains("CANARY") || inv.stderr().contains("CANARY"));
    }

    @Test
    void anExistingTargetIsSkippedUnlessOverwriteAndASkippedSourceIsNeverDeleted() {
        service.vault("pass").credentials().set("dev", AwsCredentials.of("AKIAOLD", "old"));
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "delete-source"));
        assertEquals("Migrating dev... skipped, already exists in destination\n"
                + "Migrating prod... copied, verified, deleted source\n" + String.format(SUMMARY, 1, 0, 1, 1), inv.stdout());
        assertEquals("AKIAOLD", service.vault("pass").credentials().get("dev").orElseThrow().accessKeyId());
        assertTrue(file.items.containsKey("dev"));
        assertFalse(file.items.containsKey("prod"));

        Fakes.TestInvocation again = invocation();
        assertEquals(0, run(again, "overwrite"));
        assertEquals("Migrating dev... overwritten, verified\n" + String.format(SUMMARY, 0, 1, 0, 0), again.stdout());
        assertEquals("AKIADEV", service.vault("pass").credentials().get("dev").orElseThrow().accessKeyId());
        assertTrue(file.items.containsKey("dev"));
    }

    @Test
    void aCopyThatDoesNotVerifyFailsKeepsItsSourceAndTheOthersStillMove() {
        pass.garbleWrites.put("dev", new String[] {"CANARY-DEV", "CANARY-DEW"});
        Fakes.TestInvocation inv = invocation();
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(inv, "delete-source"));
        assertEquals("1 of 2 items failed to migrate; their source items were kept", e.getMessage());
        assertEquals("Migrating dev... failed: verify destination profile \"dev\": credential mismatch; source kept\n"
                + "Migrating prod... copied, verified, deleted source\n" + String.format(SUMMARY, 1, 0, 0, 1) + "  failed: 1\n",
                inv.stdout());
        assertTrue(file.items.containsKey("dev"), "never delete a source whose copy did not verify");
        assertFalse(file.calls.contains("remove dev"));
        assertFalse(file.items.containsKey("prod"));
        assertFalse(inv.stdout().contains("CANARY"));
    }

    @Test
    void aSessionCopyThatDoesNotVerifyIsADataMismatch() {
        pass.garbleWrites.put(devSession, new String[] {"ASIA1", "ASIA9"});
        Fakes.TestInvocation inv = invocation();
        assertThrows(AwsVaultException.class, () -> run(inv, "include-sessions", "delete-source", "profile=dev"));
        assertTrue(inv.stdout().contains("Migrating " + devSession + "... failed: verify destination item \"" + devSession
                + "\": data mismatch; source kept\n"), inv.stdout());
        assertTrue(file.items.containsKey(devSession));
        assertFalse(file.items.containsKey("dev"));
    }

    @Test
    void deleteSourceMovesCredentialsAndLeavesSessionsAlone() {
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "delete-source"));
        assertEquals("Migrating dev... copied, verified, deleted source\nMigrating prod... copied, verified, deleted source\n"
                + String.format(SUMMARY, 2, 0, 0, 2), inv.stdout());
        assertEquals(List.of("oidc:https://dev.awsapps.com/start", devSession, prodSession), file.keys());
        assertEquals(List.of("dev", "prod"), pass.keys());
    }

    @Test
    void includeSessionsCopiesSessionsAndTokensAsStored() {
        Map<String, KeystoreItem> before = snapshot(file);
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "include-sessions", "delete-source"));
        assertEquals(before, snapshot(pass), "every item arrives as it was stored (label, description, payload)");
        assertTrue(file.items.isEmpty());
        assertTrue(inv.stdout().contains("Migrating oidc:https://dev.awsapps.com/start... copied, verified, deleted source\n"));
        assertTrue(inv.stdout().endsWith(String.format(SUMMARY, 5, 0, 0, 5)), inv.stdout());
    }

    @Test
    void aProfileTakesItsCredentialsItsSessionsAndItsSsoToken() {
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "include-sessions", "profile=dev"));
        assertEquals(List.of("dev", "oidc:https://dev.awsapps.com/start", devSession), pass.keys());
        Fakes.TestInvocation only = invocation();
        assertEquals(0, run(only, "profile=prod"));
        assertEquals("Migrating prod... copied, verified\n" + String.format(SUMMARY, 1, 0, 0, 0), only.stdout());
    }

    @Test
    void aProfileThatIsNotACredentialIsNotFound() {
        for (String name : List.of("nope", devSession, "oidc:https://dev.awsapps.com/start")) {
            AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(invocation(), "profile=" + name));
            assertEquals("profile \"" + name + "\" not found in source backend", e.getMessage());
        }
        assertTrue(pass.items.isEmpty());
    }

    @Test
    void flagErrorsAreUsageErrorsAndChangeNothing() {
        Map<String, KeystoreItem> before = snapshot(file);
        UsageException e = assertThrows(UsageException.class, () -> new MigrateBackendCommand(service)
                .run(new Fakes.Context(MigrateBackendCommand.SPEC, invocation()).flag("to", "pass")));
        assertEquals("required flag --from not provided", e.getMessage());
        e = assertThrows(UsageException.class, () -> new MigrateBackendCommand(service)
                .run(new Fakes.Context(MigrateBackendCommand.SPEC, invocation()).flag("from", "file")));
        assertEquals("required flag --to not provided", e.getMessage());
        e = assertThrows(UsageException.class, () -> run(invocation(), "to=file"));
        assertEquals("source and destination backends must differ", e.getMessage());
        e = assertThrows(UsageException.class, () -> run(invocation(), "to=keychain"));
        assertEquals("enum value must be one of file,pass,memory, got 'keychain'", e.getMessage());
        e = assertThrows(UsageException.class, () -> run(invocation(), "from=nope"));
        assertEquals("enum value must be one of file,pass,memory, got 'nope'", e.getMessage());
        assertEquals(before, snapshot(file));
        assertTrue(pass.items.isEmpty());
    }

    @Test
    void anEmptySourceSaysSo() {
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, new MigrateBackendCommand(service).run(migrate(inv).flag("from", "pass").flag("to", "file")));
        assertEquals("No credentials found in source backend pass.\n", inv.stdout());
        Fakes.TestInvocation sessions = invocation();
        new MigrateBackendCommand(service).run(migrate(sessions, "include-sessions").flag("from", "pass").flag("to", "file"));
        assertEquals("No credentials or sessions found in source backend pass.\n", sessions.stdout());
    }

    @Test
    void aWrongPassphraseStopsTheRun() {
        file.failReads = new WrongPassphraseException("aes.KeyUnwrap(): integrity check failed.");
        Fakes.TestInvocation inv = invocation();
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(inv, "delete-source"));
        assertEquals("1 of 2 items failed to migrate (stopped at the first wrong passphrase); their source items were kept",
                e.getMessage());
        assertEquals("Migrating dev... failed: aes.KeyUnwrap(): integrity check failed.; source kept\n"
                + "Migration stopped. Source credentials were not deleted for the failed profile.\n"
                + String.format(SUMMARY, 0, 0, 0, 0) + "  failed: 1\n", inv.stdout());
        assertEquals(List.of("get dev"), file.calls);
        assertEquals(2, file.items.keySet().stream().filter(k -> !k.contains(",") && !k.startsWith("oidc:")).count());
    }

    @Test
    void theSelectedBackendCanBeEitherSide() {
        service.vault().credentials().set("home", AwsCredentials.of("AKIAHOME", "s"));
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, "from=memory"));
        assertEquals(List.of("home"), pass.keys());
        assertArrayEquals(service.keystore.items.get("home").data(), pass.items.get("home").data());
    }
}
