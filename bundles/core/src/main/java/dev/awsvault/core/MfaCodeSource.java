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

    MfaCodeSource(VaultContext context, ProfileConfig profile) {
        this.context = context;
        this.profile = profile;
    }

    @Override
    public String code(String mfaSerial) {
        if (!profile.mfaToken().isEmpty()) {
            return profile.mfaToken();
        }
        if (!profile.mfaProcess().isEmpty()) {
            return runMfaProcess(profile.mfaProcess());
        }
        String code = context.promptDriver(false).prompt(PromptRequest.mfaCode(mfaSerial), context.promptContext());
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
