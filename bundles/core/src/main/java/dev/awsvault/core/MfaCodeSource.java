package dev.awsvault.core;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        List<String> argv = File.separatorChar == '\\' ? List.of("cmd.exe", "/C", command) : List.of("/bin/sh", "-c", command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(context.environment());
        try {
            Process process = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
            }
            int status = process.waitFor();
            if (status != 0) {
                throw new CredentialSourceException("mfa_process failed with exit status " + status);
            }
            String code = out.toString(StandardCharsets.UTF_8).strip();
            if (code.isEmpty()) {
                throw new CredentialSourceException("mfa_process printed no MFA code");
            }
            return code;
        } catch (IOException e) {
            throw new CredentialSourceException("mfa_process could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialSourceException("interrupted while running mfa_process");
        }
    }
}
