package dev.awsvault.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;
import dev.awsvault.invocation.Terminal;

/** {@code --mfa-token} › {@code mfa_process} › the prompt driver (reference §4.6, checklist 33). */
class MfaCodeSourceTest {
    final List<String> asked = new ArrayList<>();

    final PromptDriver driver = new PromptDriver() {
        @Override public String name() { return "test"; }
        @Override public boolean isAvailable(PromptContext c) { return true; }
        @Override public String prompt(PromptRequest r, PromptContext c) { asked.add(r.message()); return " 111222 "; }
    };

    final VaultContext context = new VaultContext() {
        @Override public Path homeDirectory() { return Path.of("/nonexistent"); }
        @Override public Path configPath() { return Path.of("/nonexistent/config"); }
        @Override public ConfigFile config() { throw new UnsupportedOperationException(); }
        @Override public String backendName() { return "none"; }
        @Override public Vault vault() { throw new UnsupportedOperationException(); }
        @Override public Vault vault(String backendName) { throw new UnsupportedOperationException(); }
        @Override public List<String> availableBackends() { return List.of("none"); }
        @Override public PromptDriver promptDriver(boolean avoidTerminal) { return driver; }
        @Override public PromptContext promptContext() {
            return new PromptContext() {
                @Override public Map<String, String> environment() { return Map.of(); }
                @Override public Terminal terminal() { throw new UnsupportedOperationException(); }
            };
        }
        @Override public Map<String, String> environment() { return Map.of("PATH", "/usr/bin:/bin"); }
        @Override public PrintStream messages() { return System.err; }
        @Override public Optional<CredentialSource> credentialSource(String name) { return Optional.empty(); }
        @Override public List<CredentialSource> baseCredentialSources() { return List.of(); }
    };

    private ProfileConfig profile(String section, ProfileConfig.Base base) {
        return new ConfigLoader(ConfigFile.parse("[profile p]\nmfa_serial = arn:mfa/me\n" + section, "c"), Map.of(), base)
                .load("p");
    }

    @Test
    void theFlagWinsOverEverything() {
        ProfileConfig p = profile("mfa_process = echo 999999\n", ProfileConfig.Base.empty().withMfaToken("123456"));
        assertEquals("123456", new MfaCodeSource(context, p).code("arn:mfa/me"));
        assertTrue(asked.isEmpty());
    }

    @Test
    void mfaProcessOutputIsTrimmed() {
        ProfileConfig p = profile("mfa_process = printf ' 654321 \\n'\n", ProfileConfig.Base.empty());
        assertEquals("654321", new MfaCodeSource(context, p).code("arn:mfa/me"));
        assertTrue(asked.isEmpty());
    }

    @Test
    void aFailingMfaProcessIsAOneLineError() {
        ProfileConfig p = profile("mfa_process = exit 3\n", ProfileConfig.Base.empty());
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> new MfaCodeSource(context, p).code("arn:mfa/me"));
        assertEquals("mfa_process \"exit 3\" failed: exit status 3", e.getMessage());
    }

    @Test
    void otherwiseThePromptDriverAsksWithTheOriginalsText() {
        assertEquals("111222", new MfaCodeSource(context, profile("", ProfileConfig.Base.empty())).code("arn:mfa/me"));
        assertEquals(List.of("Enter MFA code for arn:mfa/me: "), asked);
    }

    @Test
    void somethingThatIsNotSixDigitsIsRefusedWithoutBeingRepeated() {
        ProfileConfig junk = profile("mfa_process = echo hunter2-password\n", ProfileConfig.Base.empty());
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> new MfaCodeSource(context, junk).code("arn:mfa/me"));
        assertEquals("what mfa_process \"echo hunter2-password\" printed is not an MFA code (6 digits)", e.getMessage());
        ProfileConfig warning = profile("mfa_process = printf 'Warning: x\\n123456\\n'\n", ProfileConfig.Base.empty());
        assertThrows(CredentialSourceException.class, () -> new MfaCodeSource(context, warning).code("arn:mfa/me"));
        for (String flag : List.of("12345", "1234567", "12a456", "abc")) {
            ProfileConfig p = profile("", ProfileConfig.Base.empty().withMfaToken(flag));
            CredentialSourceException f = assertThrows(CredentialSourceException.class,
                    () -> new MfaCodeSource(context, p).code("arn:mfa/me"));
            assertEquals("the MFA code given with --mfa-token is not an MFA code (6 digits)", f.getMessage());
            assertTrue(!f.getMessage().contains(flag), f.getMessage());
        }
        assertTrue(asked.isEmpty());
    }
}
