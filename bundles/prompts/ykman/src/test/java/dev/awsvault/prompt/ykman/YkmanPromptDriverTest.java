package dev.awsvault.prompt.ykman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.StandIn;
import dev.awsvault.testing.keystore.TestPromptContext;

/** The driver against a stand-in {@code ykman} on the caller's PATH (no YubiKey needed). */
class YkmanPromptDriverTest {
    static final String SERIAL = "arn:aws:iam::111111111111:mfa/jo";

    @TempDir
    Path tmp;
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private YkmanPromptDriver driver() {
        return new YkmanPromptDriver(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private static TestPromptContext caller(Path bin, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", bin.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return new TestPromptContext(env);
    }

    private List<String> argvFor(String... variables) {
        StandIn ykman = StandIn.create(tmp.resolve("bin-" + String.join("-", variables).hashCode()), "ykman",
                "123456\n", "", 0);
        assertEquals("123456", driver().prompt(PromptRequest.mfaCode(SERIAL), caller(ykman.dir(), variables)));
        return ykman.argv();
    }

    @Test
    void theOriginalsCommandLineForYkman4AndLater() {
        assertEquals(List.of("oath", "accounts", "code", "--single", SERIAL), argvFor());
        assertEquals(List.of("oath", "accounts", "code", "--single", SERIAL), argvFor("AWS_VAULT_YKMAN_VERSION", "4"));
        assertEquals(List.of("oath", "accounts", "code", "--single", SERIAL), argvFor("AWS_VAULT_YKMAN_VERSION", "5"));
    }

    @Test
    void ykmanBefore4HasNoAccountsSubcommand() {
        for (String version : List.of("1", "2", "3")) {
            assertEquals(List.of("oath", "code", "--single", SERIAL), argvFor("AWS_VAULT_YKMAN_VERSION", version));
        }
    }

    @Test
    void credentialNameAndDeviceSerialComeFromTheCallersEnvironment() {
        assertEquals(List.of("--device", "12345678", "oath", "accounts", "code", "--single", "AWS:jo"),
                argvFor("YKMAN_OATH_CREDENTIAL_NAME", "AWS:jo", "YKMAN_OATH_DEVICE_SERIAL", "12345678"));
        assertEquals(List.of("--device", "87654321", "oath", "code", "--single", SERIAL),
                argvFor("YKMAN_OATH_DEVICE_SERIAL", "87654321", "AWS_VAULT_YKMAN_VERSION", "3"));
        assertEquals(List.of("oath", "accounts", "code", "--single", SERIAL),
                argvFor("YKMAN_OATH_CREDENTIAL_NAME", "", "YKMAN_OATH_DEVICE_SERIAL", ""), "empty means unset, as Go");
    }

    @Test
    void theCodeIsTrimmedAndTheChildGetsTheCallersEnvironment() {
        StandIn ykman = StandIn.create(tmp.resolve("bin"), "ykman", "\n 654321 \r\n", "", 0);
        assertEquals("654321", driver().prompt(PromptRequest.mfaCode(SERIAL), caller(ykman.dir(), "MARKER", "mine")));
        assertEquals("mine", ykman.environment().get("MARKER"));
    }

    @Test
    void noYubiKeyIsAOneLineErrorAfterYkmansOwnMessage() {
        StandIn ykman = StandIn.create(tmp.resolve("bin"), "ykman", "",
                "WARNING: PC/SC not available. Smart card protocols will not function.\nError: No YubiKey detected!\n", 1);
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.mfaCode(SERIAL), caller(ykman.dir())));
        assertEquals("ykman oath accounts code --single " + SERIAL + " failed: exit status 1", e.getMessage());
        assertTrue(stderr.toString(StandardCharsets.UTF_8).endsWith("Error: No YubiKey detected!\n"),
                "ykman's stderr reaches the user's: " + stderr);
    }

    @Test
    void theTouchMessageIsShownWhileYkmanWaits() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path touched = tmp.resolve("touched");
        Path ykman = bin.resolve("ykman");
        Files.writeString(ykman, "#!/bin/sh\nprintf 'Touch your YubiKey...\\n' >&2\n"
                + "i=0; while [ ! -e '" + touched + "' ] && [ $i -lt 200 ]; do /bin/sleep 0.05; i=$((i+1)); done\n"
                + "[ -e '" + touched + "' ] || exit 9\nprintf '112233\\n'\n");
        ykman.toFile().setExecutable(true);
        // The "user" touches the key only once the message has reached stderr: a buffered copy would deadlock.
        OutputStream user = new OutputStream() {
            final StringBuilder seen = new StringBuilder();

            @Override
            public void write(int b) {
                seen.append((char) b);
                if (seen.toString().contains("Touch your YubiKey...\n")) {
                    try {
                        Files.writeString(touched, "yes");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        YkmanPromptDriver driver = new YkmanPromptDriver(new PrintStream(user, true));
        assertEquals("112233", driver.prompt(PromptRequest.mfaCode(SERIAL), caller(bin)));
    }

    @Test
    void aPassphraseIsAskedOnTheTerminalNotTheKey() {
        StandIn ykman = StandIn.create(tmp.resolve("bin"), "ykman", "123456\n", "", 0);
        TestPromptContext.ScriptedTerminal terminal = new TestPromptContext.ScriptedTerminal("pass phrase");
        TestPromptContext context = new TestPromptContext(Map.of("PATH", ykman.dir().toString()), terminal);
        assertEquals("pass phrase", driver().prompt(PromptRequest.secret("Enter passphrase: "), context));
        assertEquals(List.of("secret:Enter passphrase: "), terminal.asked());
        assertFalse(ykman.ran());
    }

    @Test
    void aPassphraseWithoutATerminalIsAnError() {
        StandIn ykman = StandIn.create(tmp.resolve("bin"), "ykman", "123456\n", "", 0);
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.secret("Enter passphrase: "), caller(ykman.dir())));
        assertEquals("ykman gives MFA codes only, and there is no terminal to ask \"Enter passphrase:\" on (choose"
                + " another driver with --prompt)", e.getMessage());
    }

    @Test
    void availableWhenOnTheCallersPathWithoutAnyDisplay() {
        StandIn ykman = StandIn.create(tmp.resolve("bin"), "ykman", "", "", 0);
        assertTrue(driver().isAvailable(caller(ykman.dir())));
        assertFalse(driver().isAvailable(caller(tmp.resolve("empty"))));
        assertFalse(driver().isAvailable(new TestPromptContext(Map.of())));
        assertFalse(ykman.ran(), "the probe never runs ykman");
    }
}
