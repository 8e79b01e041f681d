package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.core.SessionKey;

/** {@code import}: plain-text keys into the vault as add stores them, then (if agreed) out of the file. */
class ImportCommandTest {
    static final String CREDENTIALS = "# written by aws configure\n"
            + "[default]\n"
            + "aws_access_key_id = AKIADEFAULT\n"
            + "aws_secret_access_key = CANARY-DEFAULT-SECRET\n"
            + "\n"
            + "[work]\n"
            + "; the work account\n"
            + "aws_access_key_id=AKIAWORK\n"
            + "aws_secret_access_key=CANARY-WORK-SECRET\n"
            + "region = eu-west-1\n"
            + "\n"
            + "[temp]\n"
            + "aws_access_key_id = ASIATEMP\n"
            + "aws_secret_access_key = CANARY-TEMP-SECRET\n"
            + "aws_session_token = CANARY-TEMP-TOKEN\n"
            + "\n"
            + "[sso]\n"
            + "sso_session = corp\n";

    /** {@link #CREDENTIALS} after importing default and work. */
    static final String WITHOUT_DEFAULT_AND_WORK = "# written by aws configure\n"
            + "[work]\n"
            + "; the work account\n"
            + "region = eu-west-1\n"
            + "\n"
            + "[temp]\n"
            + "aws_access_key_id = ASIATEMP\n"
            + "aws_secret_access_key = CANARY-TEMP-SECRET\n"
            + "aws_session_token = CANARY-TEMP-TOKEN\n"
            + "\n"
            + "[sso]\n"
            + "sso_session = corp\n";

    static final String IMPORTED_LINES = "Importing default... imported, verified\n"
            + "Importing work... imported, verified\n"
            + "Importing temp... skipped, temporary credentials (aws_session_token) are not stored in the vault\n"
            + "Importing sso... skipped, no aws_access_key_id and aws_secret_access_key\n"
            + "\nImport summary:\n  imported: 2\n  overwritten: 0\n  skipped: 2\n";

    @TempDir
    Path dir;
    Path config;
    Path credentials;
    Fakes.Service service;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("config");
        Files.writeString(config, "[profile work]\nregion = eu-west-1\n");
        credentials = dir.resolve("shared-credentials");
        Files.writeString(credentials, CREDENTIALS);
        service = new Fakes.Service(dir, config);
        service.env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    }

    private Fakes.TestInvocation invocation(String... answers) {
        return new Fakes.TestInvocation(List.of(), Map.of(), new Fakes.ScriptedTerminal(answers));
    }

    private int run(Fakes.TestInvocation inv, List<String> profiles, String... flags) {
        Fakes.Context ctx = new Fakes.Context(ImportCommand.SPEC, inv);
        ctx.rest.addAll(profiles);
        for (String f : flags) {
            ctx.flag(f.replaceFirst("^no-", ""), f.startsWith("no-") ? "false" : "true");
        }
        return new ImportCommand(service).run(ctx);
    }

    private boolean posix() {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static void assertNoSecrets(Fakes.TestInvocation inv) {
        assertFalse(inv.stdout().contains("CANARY") || inv.stderr().contains("CANARY"), inv.stdout() + inv.stderr());
        assertFalse(String.join("", inv.terminal.asked).contains("CANARY"));
    }

    @Test
    void importsEveryProfileWithKeysSkipsTemporaryOnesAndRemovesThePlainTextKeysOnYes() throws Exception {
        if (posix()) {
            Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Fakes.TestInvocation inv = invocation("y");
        assertEquals(0, run(inv, List.of()));
        assertEquals(List.of("Remove the plain-text keys of 2 profiles from " + credentials + "? (y|N) "), inv.terminal.asked);
        assertEquals(IMPORTED_LINES + "Removed the plain-text keys of 2 profiles from " + credentials + ".\n", inv.stdout());

        // The same item add stores.
        KeystoreItem item = service.keystore.items.get("work");
        assertEquals("aws-vault (work)", item.label());
        assertEquals("", item.description());
        assertTrue(item.keychainNotTrustApplication());
        assertEquals("{\"AccessKeyID\":\"AKIAWORK\",\"SecretAccessKey\":\"CANARY-WORK-SECRET\",\"SessionToken\":\"\","
                + "\"Source\":\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}",
                new String(item.data(), StandardCharsets.UTF_8));
        assertEquals(AwsCredentials.of("AKIADEFAULT", "CANARY-DEFAULT-SECRET"), service.vault().credentials().get("default").orElseThrow());
        assertEquals(List.of("default", "work"), service.vault().keys(), "temp and sso are not stored");
        assertTrue(service.keystore.calls.containsAll(List.of("set default", "get default", "set work", "get work")),
                "each item is read back");

        assertEquals(WITHOUT_DEFAULT_AND_WORK, Files.readString(credentials), "byte for byte, comments kept");
        if (posix()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no backup and no temp file left: only config and the credentials file");
        }
        assertEquals("[profile work]\nregion = eu-west-1\n\n[default]\n", Files.readString(config),
                "[default] appended, work already had a section, skipped profiles get none");
        assertNoSecrets(inv);
    }

    @Test
    void anyOtherAnswerKeepsTheFileUnchanged() throws Exception {
        for (String answer : List.of("n", "", "yess", "NO")) {
            service.keystore.items.clear();
            Fakes.TestInvocation inv = invocation(answer);
            assertEquals(0, run(inv, List.of()));
            assertEquals(IMPORTED_LINES + "Kept the plain-text keys in " + credentials + ".\n", inv.stdout());
            assertEquals(CREDENTIALS, Files.readString(credentials), answer);
            assertEquals(List.of("default", "work"), service.vault().keys());
        }
        service.keystore.items.clear();
        Fakes.TestInvocation yes = invocation("YeS");
        run(yes, List.of());
        assertEquals(WITHOUT_DEFAULT_AND_WORK, Files.readString(credentials));
    }

    @Test
    void flagsAnswerWithoutAskingAndWithoutATerminalTheKeysAreKept() throws Exception {
        Fakes.TestInvocation keep = invocation();
        run(keep, List.of(), "keep-plaintext");
        assertTrue(keep.terminal.asked.isEmpty());
        assertTrue(keep.stdout().endsWith("Kept the plain-text keys in " + credentials + ".\n"), keep.stdout());
        assertEquals(CREDENTIALS, Files.readString(credentials));

        service.keystore.items.clear();
        Fakes.TestInvocation headless = invocation();
        headless.terminal.present = false;
        run(headless, List.of());
        assertTrue(headless.terminal.asked.isEmpty());
        assertTrue(headless.stdout().endsWith("Kept the plain-text keys in " + credentials
                + ": there is no terminal to ask on (use --remove-plaintext to remove them).\n"), headless.stdout());
        assertEquals(CREDENTIALS, Files.readString(credentials));

        service.keystore.items.clear();
        Fakes.TestInvocation remove = invocation();
        remove.terminal.present = false;
        run(remove, List.of(), "remove-plaintext");
        assertTrue(remove.terminal.asked.isEmpty());
        assertEquals(WITHOUT_DEFAULT_AND_WORK, Files.readString(credentials));

        UsageException e = assertThrows(UsageException.class, () -> run(invocation(), List.of(), "remove-plaintext", "keep-plaintext"));
        assertEquals("--remove-plaintext and --keep-plaintext cannot be used together", e.getMessage());
    }

    @Test
    void existingItemsAreSkippedUnlessOverwriteWhichAlsoDropsTheProfilesSessions() throws Exception {
        service.vault().credentials().set("work", AwsCredentials.of("AKIAOLD", "old"));
        service.keystore.set(new KeystoreItem(new SessionKey("sts.GetSessionToken", "work", "", Instant.now().plusSeconds(99)).toString(),
                new byte[] {'{', '}'}, "", "", false, false));
        Fakes.TestInvocation inv = invocation("y");
        run(inv, List.of("work", "default"));
        assertEquals("Importing work... skipped, already exists in vault (use --overwrite to replace)\n"
                + "Importing default... imported, verified\n"
                + "\nImport summary:\n  imported: 1\n  overwritten: 0\n  skipped: 1\n"
                + "Removed the plain-text keys of 1 profile from " + credentials + ".\n", inv.stdout());
        assertEquals(List.of("Remove the plain-text keys of 1 profile from " + credentials + "? (y|N) "), inv.terminal.asked);
        assertEquals("AKIAOLD", service.vault().credentials().get("work").orElseThrow().accessKeyId());
        assertTrue(Files.readString(credentials).contains("aws_access_key_id=AKIAWORK\n"), "a skipped profile keeps its keys");

        Fakes.TestInvocation over = invocation("n");
        run(over, List.of("work"), "overwrite");
        assertTrue(over.stdout().startsWith("Importing work... overwritten, verified, deleted 1 existing sessions\n"
                + "\nImport summary:\n  imported: 0\n  overwritten: 1\n  skipped: 0\n"), over.stdout());
        assertEquals("AKIAWORK", service.vault().credentials().get("work").orElseThrow().accessKeyId());
        assertEquals(List.of("default", "work"), service.vault().keys(), "the old session went");
    }

    @Test
    void aCopyThatDoesNotVerifyKeepsItsPlainTextKeys() throws Exception {
        service.keystore.garbleWrites.put("work", new String[] {"CANARY-WORK", "CANARY-WORX"});
        Fakes.TestInvocation inv = invocation();
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(inv, List.of(), "remove-plaintext", "no-add-config"));
        assertEquals("1 of 4 profiles failed to import; their plain-text keys were kept", e.getMessage());
        assertTrue(inv.stdout().contains("Importing work... failed: verify vault profile \"work\": credential mismatch\n"), inv.stdout());
        assertTrue(inv.stdout().contains("  skipped: 2\n  failed: 1\nRemoved the plain-text keys of 1 profile from "), inv.stdout());
        String now = Files.readString(credentials);
        assertFalse(now.contains("AKIADEFAULT"));
        assertTrue(now.contains("aws_access_key_id=AKIAWORK\naws_secret_access_key=CANARY-WORK-SECRET\n"), now);
        assertEquals("[profile work]\nregion = eu-west-1\n", Files.readString(config), "--no-add-config");
        assertNoSecrets(inv);
    }

    @Test
    void namedProfilesOnlyAndUnknownOnesAreAnError() throws Exception {
        Fakes.TestInvocation inv = invocation("y");
        run(inv, List.of("temp", "work", "work"));
        assertEquals("Importing temp... skipped, temporary credentials (aws_session_token) are not stored in the vault\n"
                + "Importing work... imported, verified\n"
                + "\nImport summary:\n  imported: 1\n  overwritten: 0\n  skipped: 1\n"
                + "Removed the plain-text keys of 1 profile from " + credentials + ".\n", inv.stdout());
        assertEquals(List.of("work"), service.vault().keys());
        assertTrue(Files.readString(credentials).contains("aws_access_key_id = AKIADEFAULT\n"));

        AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(invocation(), List.of("default", "nope")));
        assertEquals("profile \"nope\" not found in " + credentials, e.getMessage());
        assertEquals(List.of("work"), service.vault().keys(), "nothing imported when a name is wrong");
    }

    @Test
    void aSourceProfileInTheConfigIsSkippedAsAddRefusesIt() throws Exception {
        Files.writeString(config, "[profile work]\nsource_profile = default\nrole_arn = arn:aws:iam::1:role/r\n");
        Fakes.TestInvocation inv = invocation("n");
        run(inv, List.of("work"));
        assertTrue(inv.stdout().startsWith("Importing work... skipped, the profile has a source_profile of default, "
                + "stored credentials would have no effect\n"), inv.stdout());
        assertTrue(service.vault().keys().isEmpty());
        assertTrue(inv.terminal.asked.isEmpty(), "nothing imported, nothing to offer");
    }

    @Test
    void theDefaultFileIsInTheHomeFolderAndAMissingOneIsAnError() throws Exception {
        service.env.clear();
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(invocation(), List.of()));
        assertEquals("Error reading credentials file " + dir.resolve(".aws/credentials") + ": no such file or directory",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve(".aws/credentials")), "not created");
        Files.createDirectories(dir.resolve(".aws"));
        Files.writeString(dir.resolve(".aws/credentials"), "[home]\naws_access_key_id = AKIAHOME\naws_secret_access_key = s\n");
        Fakes.TestInvocation inv = invocation("y");
        run(inv, List.of());
        assertEquals(List.of("home"), service.vault().keys());
        assertEquals("", Files.readString(dir.resolve(".aws/credentials")), "the only section, left empty, is removed");
    }

    @Test
    void anEmptyFileHasNothingToImport() throws Exception {
        Files.writeString(credentials, "# nothing yet\n");
        Fakes.TestInvocation inv = invocation();
        assertEquals(0, run(inv, List.of()));
        assertEquals("No profiles found in " + credentials + ".\n", inv.stdout());
    }

    @Test
    void aFileEditedSinceTheImportKeepsTheChangedKeys() throws Exception {
        Fakes.TestInvocation inv = new Fakes.TestInvocation(List.of(), Map.of(), new Fakes.ScriptedTerminal("y") {
            @Override
            public String readLine(String prompt) {
                try { // the user rotates the work key in another window while the question is open
                    Files.writeString(credentials, CREDENTIALS.replace("CANARY-WORK-SECRET", "CANARY-WORK-NEW"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return super.readLine(prompt);
            }
        });
        run(inv, List.of());
        assertTrue(inv.stdout().endsWith("Kept the keys of profile \"work\": they changed in " + credentials
                + " since they were imported.\nRemoved the plain-text keys of 1 profile from " + credentials + ".\n"), inv.stdout());
        assertTrue(Files.readString(credentials).contains("aws_secret_access_key=CANARY-WORK-NEW\n"));
        assertFalse(Files.readString(credentials).contains("AKIADEFAULT"));
    }
}
