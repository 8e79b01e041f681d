package dev.awsvault.core;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.MfaCodes;
import dev.awsvault.core.config.ProfileConfig;

/**
 * MFA codes by the original's precedence ({@code vault/mfa.go}): {@code --mfa-token} › {@code mfa_process} › prompt.
 * Beyond the original, a code must be what STS accepts (six digits) before it is sent: anything else ends with a
 * one-line error that does not repeat it (an {@code mfa_process} that prints a password must not send it to AWS).
 */
final class MfaCodeSource implements MfaCodes {
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

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
            return checked(profile.mfaToken().strip(), "the MFA code given with --mfa-token");
        }
        if (!profile.mfaProcess().isEmpty()) {
            return runMfaProcess(profile.mfaProcess());
        }
        String code = context.promptDriver(avoidTerminal).prompt(PromptRequest.mfaCode(mfaSerial), context.promptContext());
        if (code == null || code.isBlank()) {
            throw new CredentialSourceException("no MFA code was entered for " + mfaSerial);
        }
        return checked(code.strip(), "the MFA code entered for " + mfaSerial);
    }

    private static String checked(String code, String what) {
        if (!CODE.matcher(code).matches()) {
            throw new CredentialSourceException(what + " is not an MFA code (6 digits)");
        }
        return code;
    }

    /** Runs {@code mfa_process} with the caller's environment; its stdout, trimmed, is the code. */
    private String runMfaProcess(String command) {
        String code = new String(Shell.run("mfa_process", command, context.environment(), Shell.TIMEOUT),
                StandardCharsets.UTF_8).strip();
        if (code.isEmpty()) {
            throw new CredentialSourceException("mfa_process " + Shell.quote(command) + " printed no MFA code");
        }
        return checked(code, "what mfa_process " + Shell.quote(command) + " printed");
    }
}
