package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.core.SessionKey;

class CommandsTest {
    @TempDir
    Path dir;
    Path config;
    Fakes.Service service;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("config");
        Files.writeString(config, "[profile home]\nregion = eu-west-1\n\n[profile work/admin]\nregion = eu-west-1\n");
        service = new Fakes.Service(dir, config);
        service.vault().credentials().set("home", AwsCredentials.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        service.vault().credentials().set("work/admin", AwsCredentials.of("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"));
    }

    private Fakes.TestInvocation invocation(Map<String, String> env, String... answers) {
        return new Fakes.TestInvocation(List.of(), env, new Fakes.ScriptedTerminal(answers));
    }

    @Test
    void listPrintsTheOriginalsTable() throws Exception {
        Fakes.TestInvocation inv = invocation(Map.of());
        new ListCommand(service).run(new Fakes.Context(ListCommand.SPEC, inv));
        String expected = Files.readString(Path.of("../../testing/fixtures/aws-vault-7.2.0-file-keyring/expected-list.txt"));
        assertEquals(expected, inv.stdout());
    }

    @Test
    void listShowsOrphansAndSessions() throws Exception {
        service.vault().credentials().set("orphan", AwsCredentials.of("AKIA", "s"));
        String key = new SessionKey("sts.GetSessionToken", "home", "", Instant.now().plusSeconds(3600 - 5)).toString();
        service.keystore.set(new KeystoreItem(key, new byte[] {'{', '}'}, "", "", false, false));
        String expired = new SessionKey("sts.GetSessionToken", "home", "", Instant.now().minusSeconds(5)).toString();
        service.keystore.set(new KeystoreItem(expired, new byte[] {'{', '}'}, "", "", false, false));
        Fakes.TestInvocation inv = invocation(Map.of());
        new ListCommand(service).run(new Fakes.Context(ListCommand.SPEC, inv));
        List<String> lines = inv.stdout().lines().toList();
        assertTrue(lines.get(2).matches("home {21}home {21}sts\\.GetSessionToken:59m5[0-9]s *"), lines.get(2));
        // Go's tabwriter sizes the whole column by its widest cell: the 26-character session label plus padding 2.
        assertEquals("-" + " ".repeat(24) + "orphan" + " ".repeat(19) + "-" + " ".repeat(27), lines.get(4));
        Fakes.TestInvocation creds = invocation(Map.of());
        new ListCommand(service).run(new Fakes.Context(ListCommand.SPEC, creds).flag("credentials", "true"));
        assertEquals("home\norphan\nwork/admin\n", creds.stdout(), "sessions are not credentials");
    }

    @Test
    void exportFormatsAreByteForByte() throws Exception {
        Map<String, String> expected = Map.of(
                "env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                        + "AWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
                "export-env", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                        + "export AWS_REGION=eu-west-1\nexport AWS_DEFAULT_REGION=eu-west-1\n",
                "json", "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",\n"
                        + "  \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}\n",
                "ini", "[home]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                        + "region=eu-west-1\n\n");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Fakes.TestInvocation inv = invocation(Map.of());
            new ExportCommand(service).run(new Fakes.Context(ExportCommand.SPEC, inv)
                    .arg("profile", "home").flag("no-session", "true").flag("format", e.getKey()));
            assertEquals(e.getValue(), inv.stdout(), e.getKey());
        }
    }

    @Test
    void exportWithSessionCredentialsAddsTokenAndExpiry() {
        AwsCredentials c = AwsCredentials.of("ASIA1", "s", "tok", Instant.parse("2026-11-28T10:00:00.123Z"));
        assertEquals("AWS_ACCESS_KEY_ID=ASIA1\nAWS_SECRET_ACCESS_KEY=s\nAWS_SESSION_TOKEN=tok\n"
                + "AWS_CREDENTIAL_EXPIRATION=2026-11-28T10:00:00Z\n", ExportFormat.ENV.render("p", c, ""));
        assertEquals("{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIA1\",\n  \"SecretAccessKey\": \"s\",\n"
                + "  \"SessionToken\": \"tok\",\n  \"Expiration\": \"2026-11-28T10:00:00Z\"\n}\n", ExportFormat.JSON.render("p", c, ""));
    }

    @Test
    void execBuildsTheChildEnvironment() throws Exception {
        Fakes.TestInvocation inv = invocation(Map.of("PATH", "/usr/bin:/bin", "AWS_PROFILE", "x", "AWS_SESSION_TOKEN", "old",
                "AWS_SECURITY_TOKEN", "old", "AWS_SDK_LOAD_CONFIG", "1", "AWS_DEFAULT_PROFILE", "x", "AWS_CREDENTIAL_FILE", "f",
                "AWS_VAULT_FILE_PASSPHRASE", "CANARY-PASS", "KEEP", "me"));
        Fakes.Context ctx = new Fakes.Context(ExecCommand.SPEC, inv).arg("profile", "home").arg("cmd", "env").flag("no-session", "true");
        ctx.rest.add("-0");
        new ExecCommand(service).run(ctx);
        Map<String, String> env = inv.child.environment();
        assertEquals("home", env.get("AWS_VAULT"));
        assertEquals("AKIAIOSFODNN7EXAMPLE", env.get("AWS_ACCESS_KEY_ID"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("eu-west-1", env.get("AWS_DEFAULT_REGION"));
        assertEquals("me", env.get("KEEP"));
        for (String v : List.of("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_SDK_LOAD_CONFIG", "AWS_DEFAULT_PROFILE",
                "AWS_CREDENTIAL_FILE", "AWS_PROFILE", "AWS_CREDENTIAL_EXPIRATION", "AWS_VAULT_FILE_PASSPHRASE")) {
            assertNull(env.get(v), v);
        }
        assertEquals(List.of("env", "-0"), inv.child.argv());
        assertTrue(inv.child.executable().toString().endsWith("/env"));
        assertFalse(inv.child.toString().contains("wJalr"), "the child's description must not show credentials");
    }

    @Test
    void execRefusesNestingAndUnknownPrograms() {
        Fakes.TestInvocation nested = invocation(Map.of("AWS_VAULT", "home"));
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new ExecCommand(service)
                .run(new Fakes.Context(ExecCommand.SPEC, nested).arg("profile", "home").flag("no-session", "true")));
        assertEquals("running in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force", e.getMessage());
        Fakes.TestInvocation inv = invocation(Map.of("PATH", "/nonexistent"));
        e = assertThrows(AwsVaultException.class, () -> new ExecCommand(service).run(new Fakes.Context(ExecCommand.SPEC, inv)
                .arg("profile", "home").arg("cmd", "no-such-program").flag("no-session", "true")));
        assertEquals("Couldn't find the executable 'no-such-program': exec: \"no-such-program\": executable file not found in $PATH", e.getMessage());
    }

    @Test
    void execDefaultsToTheShellAndRejectsServerCombinations() throws Exception {
        Fakes.TestInvocation inv = invocation(Map.of("SHELL", "/bin/sh"));
        new ExecCommand(service).run(new Fakes.Context(ExecCommand.SPEC, inv).arg("profile", "home").flag("no-session", "true"));
        assertEquals(List.of("/bin/sh"), inv.child.argv());
        for (String[] flags : new String[][] {{"ecs-server", "ec2-server"}, {"server", "json"}, {"ec2-server", "no-session"}}) {
            Fakes.Context ctx = new Fakes.Context(ExecCommand.SPEC, invocation(Map.of())).arg("profile", "home");
            for (String f : flags) {
                ctx.flag(f, "true");
            }
            assertThrows(AwsVaultException.class, () -> new ExecCommand(service).run(ctx), String.join("+", flags));
        }
    }

    @Test
    void addStoresDeletesSessionsAndAppendsConfig() throws Exception {
        service.keystore.set(new KeystoreItem(new SessionKey("sts.GetSessionToken", "newp", "", Instant.now().plusSeconds(99)).toString(),
                new byte[] {'{', '}'}, "", "", false, false));
        Fakes.TestInvocation inv = invocation(Map.of(), "AKIANEW", "CANARY-SECRET");
        new AddCommand(service).run(new Fakes.Context(AddCommand.SPEC, inv).arg("profile", "newp"));
        assertEquals(List.of("Enter Access Key ID: ", "Enter Secret Access Key: "), inv.terminal.asked);
        assertEquals("Added credentials to profile \"newp\" in vault\nDeleted 1 existing sessions.\n", inv.stdout());
        assertEquals("CANARY-SECRET", service.vault().credentials().get("newp").orElseThrow().secretAccessKey());
        assertEquals("aws-vault (newp)", service.keystore.items.get("newp").label());
        String cfg = Files.readString(config, StandardCharsets.UTF_8);
        assertTrue(cfg.startsWith("[profile home]\nregion = eu-west-1\n"), cfg);
        assertTrue(cfg.contains("[profile newp]"), cfg);
        assertFalse(inv.stdout().contains("CANARY") || inv.stderr().contains("CANARY"));
    }

    @Test
    void addFromEnvironmentAndItsErrors() throws Exception {
        Fakes.TestInvocation inv = invocation(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s"));
        new AddCommand(service).run(new Fakes.Context(AddCommand.SPEC, inv).arg("profile", "envp").flag("env", "true")
                .flag("add-config", "false"));
        assertEquals("AKIAENV", service.vault().credentials().get("envp").orElseThrow().accessKeyId());
        assertFalse(Files.readString(config).contains("envp"));
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new AddCommand(service).run(
                new Fakes.Context(AddCommand.SPEC, invocation(Map.of("AWS_ACCESS_KEY_ID", "A"))).arg("profile", "x").flag("env", "true")));
        assertEquals("Missing value for AWS_SECRET_ACCESS_KEY", e.getMessage());
        Files.writeString(config, "[profile role]\nsource_profile = home\n", java.nio.file.StandardOpenOption.APPEND);
        e = assertThrows(AwsVaultException.class, () -> new AddCommand(service).run(
                new Fakes.Context(AddCommand.SPEC, invocation(Map.of())).arg("profile", "role")));
        assertEquals("Your profile has a source_profile of home, adding credentials to role won't have any effect", e.getMessage());
    }

    @Test
    void removeAsksAndAcceptsOnlyYes() throws Exception {
        for (String no : List.of("n", "", "yess", "NO")) {
            Fakes.TestInvocation inv = invocation(Map.of(), no);
            new RemoveCommand(service).run(new Fakes.Context(RemoveCommand.SPEC, inv).arg("profile", "home"));
            assertTrue(service.vault().credentials().has("home"), no);
        }
        Fakes.TestInvocation inv = invocation(Map.of(), "YeS");
        new RemoveCommand(service).run(new Fakes.Context(RemoveCommand.SPEC, inv).arg("profile", "home"));
        assertEquals(List.of("Delete credentials for profile \"home\"? (y|N) "), inv.terminal.asked);
        assertEquals("Deleted credentials.\n", inv.stdout());
        assertFalse(service.vault().credentials().has("home"));
        Fakes.TestInvocation forced = invocation(Map.of());
        new RemoveCommand(service).run(new Fakes.Context(RemoveCommand.SPEC, forced).arg("profile", "work/admin").flag("force", "true"));
        assertTrue(forced.terminal.asked.isEmpty());
        assertFalse(service.vault().credentials().has("work/admin"));
    }

    @Test
    void clearOfAProfileRemovesItsSessionsAndItsSsoTokenThroughSsoSession() throws Exception {
        Files.writeString(config, "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n"
                + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
                java.nio.file.StandardOpenOption.APPEND);
        service.keystore.set(new KeystoreItem(new SessionKey("sso.GetRoleCredentials", "sso", "https://corp.awsapps.com/start",
                Instant.now().plusSeconds(99)).toString(), new byte[] {'{', '}'}, "", "", false, false));
        service.keystore.set(new KeystoreItem("oidc:https://corp.awsapps.com/start", new byte[] {'{', '}'}, "", "", false, false));
        service.keystore.set(new KeystoreItem("oidc:https://other.awsapps.com/start", new byte[] {'{', '}'}, "", "", false, false));
        Fakes.TestInvocation inv = invocation(Map.of());
        new ClearCommand(service).run(new Fakes.Context(ClearCommand.SPEC, inv).arg("profile", "sso"));
        assertEquals("Cleared 2 sessions.\n", inv.stdout());
        assertEquals(List.of("home", "oidc:https://other.awsapps.com/start", "work/admin"), service.vault().keys());
    }

    @Test
    void clearRemovesSessionsAndTokens() throws Exception {
        service.keystore.set(new KeystoreItem(new SessionKey("sts.GetSessionToken", "home", "", Instant.now().plusSeconds(99)).toString(),
                new byte[] {'{', '}'}, "", "", false, false));
        service.keystore.set(new KeystoreItem("oidc:https://x.awsapps.com/start", new byte[] {'{', '}'}, "", "", false, false));
        Fakes.TestInvocation inv = invocation(Map.of());
        new ClearCommand(service).run(new Fakes.Context(ClearCommand.SPEC, inv));
        assertEquals("Cleared 2 sessions.\n", inv.stdout());
        assertEquals(List.of("home", "work/admin"), service.vault().keys());
    }
}
