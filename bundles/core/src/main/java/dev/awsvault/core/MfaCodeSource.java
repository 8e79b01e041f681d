package dev.awsvault.core;

import java.nio.charset.StandardCharsets;

import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.MfaCodes;
import dev.awsvault.core.config.ProfileConfig;

/** MFA codes by the original's precedence ({@code vault/mfa.go}): {@code --mfa-token} › {@code mfa_process} › prompt. */
final class MfaCodeSource implements MfaCodes {
    private final VaultContext context;
    private final ProfileConfig profile;
    private final boolean avoidTerminal;

    MfaCodeSource(VaultContext context, ProfileConfig profile) {
        this(context, profile, false);
    }

    /** @param avoidTerminal prompt with a driver other than the terminal (a server's child owns the terminal) */
    MfaCodeSource(VaultContext context, ProfileConfig profile, boolean avoidTerminal) {
        this.context = context;
        this.profile = profile;
        this.avoidTerminal = avoidTerminal;
    }

    @Override
    public String code(String mfaSerial) {
        if (!profile.mfaToken().isEmpty()) {
            return profile.mfaToken();
        }
        if (!profile.mfaProcess().isEmpty()) {
            return runMfaProcess(profile.mfaProcess());
        }
        String code = context.promptDriver(avoidTerminal).prompt(PromptRequest.mfaCode(mfaSerial), context.promptContext());
        if (code == null || code.isBlank()) {
            throw new CredentialSourceException("no MFA code was entered for " + mfaSerial);
        }
        return code.strip();
    }

    /** Runs {@code mfa_process} with the caller's environment; its stdout, trimmed, is the code. */
    private String runMfaProcess(String command) {
        String code = new String(Shell.run("mfa_process", command, context.environment(), Shell.TIMEOUT),
                StandardCharsets.UTF_8).strip();
        if (code.isEmpty()) {
            throw new CredentialSourceException("mfa_process " + Shell.quote(command) + " printed no MFA code");
        }
        return code;
    }
}
