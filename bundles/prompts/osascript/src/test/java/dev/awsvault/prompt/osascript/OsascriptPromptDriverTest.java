package dev.awsvault.prompt.osascript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.StandIn;
import dev.awsvault.testing.keystore.TestPromptContext;

/** The driver against a stand-in {@code osascript} on the caller's PATH; the script itself compiled on macOS. */
class OsascriptPromptDriverTest {
    static final String SERIAL = "arn:aws:iam::111111111111:mfa/jo";
    static final String MFA_SCRIPT = "display dialog \"Enter MFA code for " + SERIAL + ": \" default answer \"\""
            + " buttons {\"OK\", \"Cancel\"} default button 1\ntext returned of the result\nreturn result";

    @TempDir
    Path tmp;

    private static OsascriptPromptDriver driver() {
        return new OsascriptPromptDriver(() -> true);
    }

    private static TestPromptContext caller(Path bin) {
        return new TestPromptContext(Map.of("PATH", bin.toString(), "MARKER", "mine"));
    }

    @Test
    void theOriginalsDialogScriptAndTheTrimmedAnswer() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", "123456\n", "", 0);
        assertEquals("123456", driver().prompt(PromptRequest.mfaCode(SERIAL), caller(osascript.dir())));
        assertEquals(List.of("-e", MFA_SCRIPT), osascript.argv());
        assertEquals("mine", osascript.environment().get("MARKER"));
    }

    @Test
    void aSecretIsAskedWithAHiddenAnswer() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", " pass phrase\n", "", 0);
        assertEquals(" pass phrase",
                driver().prompt(PromptRequest.secret("Enter passphrase: "), caller(osascript.dir())));
        assertEquals("display dialog \"Enter passphrase: \" default answer \"\" with hidden answer buttons {\"OK\","
                + " \"Cancel\"} default button 1\ntext returned of the result\nreturn result", osascript.argv().get(1));
    }

    @Test
    void quotesAndBackslashesCannotEndTheString() {
        String hostile = "Enter passphrase to unlock \"/x\\\" & (do shell script \"touch /tmp/pwned\") & \"\": ";
        String script = OsascriptPromptDriver.script(PromptRequest.secret(hostile));
        assertTrue(script.startsWith("display dialog \"Enter passphrase to unlock \\\"/x\\\\\\\" & (do shell script"
                + " \\\"touch /tmp/pwned\\\") & \\\"\\\": \" default answer"), script);
    }

    @Test
    void userCanceledIsACancel() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", "",
                "0:94: execution error: User canceled. (-128)\n", 1);
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.mfaCode(SERIAL), caller(osascript.dir())));
        assertEquals("osascript: MFA code prompt cancelled", e.getMessage());
    }

    @Test
    void otherScriptErrorsAreFailuresWithOsascriptsMessage() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", "",
                "0:94: execution error: No user interaction allowed. (-1713)\n", 1);
        PromptException e = assertThrows(PromptException.class,
                () -> driver().prompt(PromptRequest.mfaCode(SERIAL), caller(osascript.dir())));
        assertEquals("osascript failed: exit status 1: 0:94: execution error: No user interaction allowed. (-1713)",
                e.getMessage());
    }

    @Test
    void availableOnlyOnMacosWithOsascriptOnTheCallersPath() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", "", "", 0);
        assertTrue(new OsascriptPromptDriver(() -> true).isAvailable(caller(osascript.dir())));
        assertFalse(new OsascriptPromptDriver(() -> false).isAvailable(caller(osascript.dir())),
                "a stand-in on PATH does not make this macOS");
        assertFalse(new OsascriptPromptDriver(() -> true).isAvailable(caller(tmp)));
        assertFalse(osascript.ran());
    }

    @Test
    void theRegisteredComponentProbesTheRealSystem() {
        StandIn osascript = StandIn.create(tmp.resolve("bin"), "osascript", "", "", 0);
        boolean mac = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
        assertEquals(mac, new OsascriptPromptDriver().isAvailable(caller(osascript.dir())));
    }

    /** On macOS: both scripts compile (osacompile checks the syntax without showing a dialog). */
    @Test
    @EnabledOnOs(OS.MAC)
    void theScriptsCompileOnMacos() throws Exception {
        for (PromptRequest request : List.of(PromptRequest.mfaCode(SERIAL),
                PromptRequest.secret("Enter passphrase to unlock \"/Users/jo/.awsvault/keys/\": "))) {
            Process p = new ProcessBuilder("/usr/bin/osacompile", "-o", tmp.resolve("s.scpt").toString(), "-e",
                    OsascriptPromptDriver.script(request)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
        }
    }
}
