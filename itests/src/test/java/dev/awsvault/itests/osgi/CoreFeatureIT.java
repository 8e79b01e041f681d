package dev.awsvault.itests.osgi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.itests.Fixture;

/**
 * Boots the core feature's bundle list on Felix (nothing more: see {@link AwsVaultTestSupport#config()}) and checks
 * that every service the headless launcher relies on is registered, that no component is broken, and that
 * commands run through the CommandRunner over the original's file keyring.
 */
public class CoreFeatureIT extends AwsVaultTestSupport {

    private static final List<String> COMMANDS = List.of("add", "list", "remove", "exec", "export", "clear");

    private Path work;
    private Map<String, String> environment;

    @Before
    public void copyFixture() throws IOException {
        // Pax Exam starts the bundles from Felix's start-level thread, so the test may begin before every plugin
        // service is registered; a command run must not race with that (the launcher starts them synchronously).
        for (String name : COMMANDS) {
            assertServiceAvailable(Command.class, "(" + Command.NAME + "=" + name + ")");
        }
        assertServiceAvailable(KeystoreBackend.class, "(" + KeystoreBackend.NAME + "=file)");
        assertServiceAvailable(PromptDriver.class, "(" + PromptDriver.NAME + "=terminal)");
        work = Files.createTempDirectory("awsvault-paxexam-");
        Path home = work.resolve("home");
        Files.createDirectories(home);
        environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("AWS_CONFIG_FILE", Fixture.copyConfigTo(home.resolve(".aws/config")).toString());
        environment.put("AWS_VAULT_FILE_DIR", Fixture.copyKeysTo(home.resolve(".awsvault/keys")).toString());
        environment.put("AWS_VAULT_BACKEND", "file");
        environment.put("AWS_VAULT_FILE_PASSPHRASE", Fixture.PASSPHRASE);
    }

    @After
    public void deleteCopy() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    public void everyBundleOfTheFeatureIsActive() {
        assertFeatureBundlesActive();
    }

    @Test
    public void theCommandRunnerIsRegistered() {
        assertNotNull(assertServiceAvailable(CommandRunner.class, null));
    }

    @Test
    public void theFileBackendIsRegistered() {
        KeystoreBackend backend = assertServiceAvailable(KeystoreBackend.class, "(" + KeystoreBackend.NAME + "=file)");
        assertEquals("file", backend.name());
    }

    @Test
    public void theTerminalPromptIsRegistered() {
        PromptDriver driver = assertServiceAvailable(PromptDriver.class, "(" + PromptDriver.NAME + "=terminal)");
        assertEquals("terminal", driver.name());
    }

    @Test
    public void everyCommandIsRegistered() {
        for (String name : COMMANDS) {
            Command command = assertServiceAvailable(Command.class, "(" + Command.NAME + "=" + name + ")");
            assertEquals(name, command.spec().name());
        }
    }

    @Test
    public void everyCredentialSourceIsRegistered() {
        for (String name : List.of("sts.GetSessionToken", "sts.AssumeRole", "sts.AssumeRoleWithWebIdentity",
                "credential_process", "sso.GetRoleCredentials", "sts.GetFederationToken")) {
            CredentialSource source = assertServiceAvailable(CredentialSource.class,
                    "(" + CredentialSource.NAME + "=" + name + ")");
            assertEquals(name, source.name());
        }
    }

    @Test
    public void noComponentIsBroken() {
        assertComponentsHealthy();
    }

    @Test
    public void listPrintsWhatTheOriginalPrinted() {
        CommandResult result = executeCommand(environment, work, "list");
        assertEquals(result.toString(), 0, result.status);
        assertEquals(result.toString(), "", result.errText());
        assertArrayEquals(result.toString(), Fixture.expectedList(), result.out);
    }

    @Test
    public void exportDecryptsTheOriginalsKeys() {
        CommandResult result = executeCommand(environment, work, "export", "--no-session", "work/admin");
        assertEquals(result.toString(), 0, result.status);
        assertEquals(result.toString(), "", result.errText());
        assertEquals("AWS_ACCESS_KEY_ID=" + Fixture.WORK_ACCESS_KEY_ID + "\n"
                + "AWS_SECRET_ACCESS_KEY=" + Fixture.WORK_SECRET_ACCESS_KEY + "\n"
                + "AWS_REGION=" + Fixture.REGION + "\n"
                + "AWS_DEFAULT_REGION=" + Fixture.REGION + "\n", new String(result.out, StandardCharsets.UTF_8));
    }
}
