package dev.awsvault.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;

/**
 * {@code exec <profile> [cmd] [args…]}: runs a program with credentials in its environment ({@code cli/exec.go}).
 * The launcher replaces its process with the program (execve), so the exit status is the program's.
 */
@Component(service = Command.class, property = Command.NAME + "=exec")
public final class ExecCommand implements Command {
    /** Removed from the child's environment, as the original does, plus our file passphrase (never inherited). */
    static final List<String> UNSET = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", "AWS_SDK_LOAD_CONFIG",
            "AWS_VAULT_FILE_PASSPHRASE");

    static final CommandSpec SPEC = CommandSpec.builder("exec", "Execute a command with AWS credentials.")
            .flag(CredentialFlags.DURATION)
            .flag(CredentialFlags.NO_SESSION)
            .flag(CredentialFlags.REGION)
            .flag(CredentialFlags.MFA_TOKEN)
            .flag(FlagSpec.bool("json", "Output credentials in JSON that can be used by credential_process")
                    .withShort('j').asHidden())
            .flag(FlagSpec.bool("server", "Alias for --ecs-server").withShort('s'))
            .flag(FlagSpec.bool("ec2-server", "Run a EC2 metadata server in the background for credentials"))
            .flag(FlagSpec.bool("ecs-server", "Run a ECS credential server in the background for credentials "
                    + "(the SDK or app must support AWS_CONTAINER_CREDENTIALS_FULL_URI)"))
            .flag(FlagSpec.bool("lazy", "When using --ecs-server, lazily fetch credentials"))
            .flag(CredentialFlags.STDOUT)
            .arg(ArgSpec.optional("profile", "Name of the profile"))
            .arg(ArgSpec.optional("cmd", "Command to execute, defaults to $SHELL"))
            .arg(ArgSpec.remainder("args", "Command arguments"))
            .build();

    private final VaultService vaults;

    @Activate
    public ExecCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        Invocation inv = ctx.invocation();
        CredentialFlags.refuseNesting(inv.environment(), "running in");
        validate(ctx);
        VaultContext vc = vaults.context(ctx);
        CredentialRequest r = CredentialRequest.resolve(ctx, vc);
        if (ctx.isSet("json")) {
            inv.out().print(ExportFormat.JSON.render(r.profileName, r.credentials, r.region()));
            return 0;
        }

        Map<String, String> env = childEnvironment(inv.environment(), r);
        String command = ctx.arg("cmd").orElse("");
        List<String> argv = new ArrayList<>();
        if (command.isEmpty()) {
            command = inv.environment().getOrDefault("SHELL", "");
            if (command.isEmpty()) {
                command = isWindows() ? "cmd.exe" : "/bin/sh";
            }
            if (inv.terminal().isOutputTerminal() && !ctx.debug()
                    && !"1".equals(inv.environment().get("AWS_VAULT_DISABLE_HELP_MESSAGE"))) {
                inv.err().println("Starting subshell " + command + ", use `exit` to exit the subshell");
            }
        }
        argv.add(command);
        argv.addAll(ctx.args("args"));
        Path executable = lookPath(command, inv.environment().get("PATH"), inv.workingDirectory());
        ctx.debug("Executing " + executable + " with " + (argv.size() - 1) + " argument(s)");
        int status = inv.handOver(new ChildProgram(executable, argv, env, inv.workingDirectory()));
        return status == Invocation.HANDED_OVER ? 0 : status;
    }

    private static void validate(CommandContext ctx) {
        boolean ecs = ctx.isSet("ecs-server") || ctx.isSet("server");
        boolean ec2 = ctx.isSet("ec2-server");
        if (ecs && ec2) {
            throw new AwsVaultException("Can't use --ec2-server with --ecs-server");
        }
        if ((ecs || ec2) && ctx.isSet("json")) {
            throw new AwsVaultException("Can't use --json with --" + (ecs ? "ecs" : "ec2") + "-server");
        }
        if ((ecs || ec2) && ctx.isSet("no-session")) {
            throw new AwsVaultException("Can't use --no-session with --" + (ecs ? "ecs" : "ec2") + "-server");
        }
        if ((ecs || ec2) && "terminal".equals(ctx.flag("prompt").orElse(""))) {
            throw new AwsVaultException("Can't use --prompt=terminal with --" + (ecs ? "ecs" : "ec2")
                    + "-server. Specify a different prompt driver");
        }
        if (ecs || ec2) {
            throw new AwsVaultException("the local credential servers are not available in this build yet");
        }
    }

    /** The caller's environment minus the variables the original unsets, plus AWS_VAULT, region and credentials. */
    static Map<String, String> childEnvironment(Map<String, String> callerEnv, CredentialRequest r) {
        Map<String, String> env = new HashMap<>(callerEnv);
        UNSET.forEach(env::remove);
        env.put("AWS_VAULT", r.profileName);
        env.putAll(ExportFormat.variables(r.credentials, r.region()));
        return env;
    }

    /** Go's exec.LookPath: a name with a separator is used as is; otherwise the first executable on PATH. */
    static Path lookPath(String command, String path, Path cwd) {
        if (command.contains("/") || command.contains(File.separator)) {
            Path p = cwd.resolve(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new AwsVaultException("Couldn't find the executable '" + command + "': exec: \"" + command
                    + "\": stat " + command + ": no such file or directory");
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator, -1)) {
                Path p = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(command);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new AwsVaultException("Couldn't find the executable '" + command + "': exec: \"" + command
                + "\": executable file not found in $PATH");
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }
}
