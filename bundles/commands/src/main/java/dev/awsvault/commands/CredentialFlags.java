package dev.awsvault.commands;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.config.GoDuration;

/** The flags exec, export and login share, and the profile argument's {@code $AWS_PROFILE} fallback. */
final class CredentialFlags {
    static final FlagSpec DURATION = FlagSpec.string("duration",
            "Duration of the temporary or assume-role session. Defaults to 1h").withShort('d');
    static final FlagSpec NO_SESSION = FlagSpec.bool("no-session",
            "Skip creating STS session with GetSessionToken").withShort('n');
    static final FlagSpec REGION = FlagSpec.string("region", "The AWS region");
    static final FlagSpec MFA_TOKEN = FlagSpec.string("mfa-token", "The MFA token to use").withShort('t');
    static final FlagSpec STDOUT = FlagSpec.bool("stdout",
            "Print the SSO link to the terminal without automatically opening the browser");

    private CredentialFlags() {
    }

    /** The profile argument, else {@code $AWS_PROFILE} (as the maintained fork), else kingpin's error. */
    static String profile(CommandContext ctx) {
        Optional<String> p = ctx.arg("profile");
        if (p.isPresent() && !p.get().isEmpty()) {
            return p.get();
        }
        String env = ctx.invocation().environment().get("AWS_PROFILE");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        throw new dev.awsvault.api.command.UsageException("required argument 'profile' not provided");
    }

    /** {@code --duration} in Go syntax; zero when not given. */
    static Duration duration(CommandContext ctx) {
        Optional<String> d = ctx.flag("duration");
        if (d.isEmpty() || d.get().isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Duration parsed = GoDuration.parse(d.get());
            if (parsed.isNegative()) {
                throw new AwsVaultException("invalid --duration \"" + d.get() + "\": must not be negative");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new AwsVaultException("invalid --duration: " + e.getMessage());
        }
    }

    /**
     * Refuses to run inside an aws-vault subshell, as exec and export do; {@code lead} is how each words it
     * ({@code running in} for exec, {@code in} for export).
     */
    static void refuseNesting(Map<String, String> env, String lead) {
        String v = env.get("AWS_VAULT");
        if (v != null && !v.isEmpty()) {
            throw new AwsVaultException(
                    lead + " an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force");
        }
    }
}
