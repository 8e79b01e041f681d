package dev.awsvault.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.commands.server.CredentialServers;
import dev.awsvault.commands.server.Ec2Endpoints;
import dev.awsvault.commands.server.RefreshingCredentials;
import dev.awsvault.core.CredentialChain;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.GoDuration;
import dev.awsvault.core.config.ProfileConfig;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;

/**
 * {@code exec <profile> [cmd] [args…]}: runs a program with credentials in its environment ({@code cli/exec.go}).
 * The launcher replaces its process with the program (execve), so the exit status is the program's. With
 * {@code --ecs-server} or {@code --ec2-server} the program runs as a child while a local server hands out the
 * credentials ({@link dev.awsvault.commands.server.CredentialServers}).
 */
@Component(service = Command.class, property = Command.NAME + "=exec")
public final class ExecCommand implements Command {
    /** Removed from the child's environment, as the original does, plus our file passphrase (never inherited). */
    static final List<String> UNSET = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", "AWS_SDK_LOAD_CONFIG",
            "AWS_VAULT_FILE_PASSPHRASE");

    static final Duration DEFAULT_MIN_TTL = Duration.ofMinutes(5);

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
            .arg(ArgSpec.optional("profile", "Name of the profile").withCompletion(Completion.PROFILE))
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
        Server server = validate(ctx);
        VaultContext vc = vaults.context(ctx);
        if (server != Server.NONE) {
            return runWithServer(ctx, vc, server);
        }
        CredentialRequest r = CredentialRequest.resolve(ctx, vc);
        if (ctx.isSet("json")) {
            inv.out().print(ExportFormat.JSON.render(r.profileName, r.credentials, r.region()));
            return 0;
        }
        Program program = program(ctx, childEnvironment(inv.environment(), r));
        program.messages.subshell();
        ctx.debug("Executing " + program.child.executable() + " with " + (program.child.argv().size() - 1)
                + " argument(s)");
        int status = inv.handOver(program.child);
        return status == Invocation.HANDED_OVER ? 0 : status;
    }

    /**
     * The server modes: the credentials come from the same chain, kept in memory by the server and fetched again
     * (one fetch at a time) when less than {@code AWS_MIN_TTL} is left; MFA prompts avoid the terminal, which the
     * child owns. The program runs as a child process and its exit status is exec's.
     */
    private int runWithServer(CommandContext ctx, VaultContext vc, Server server) {
        Map<String, String> callerEnv = ctx.invocation().environment();
        ProfileConfig profile = CredentialRequest.loadProfile(ctx, vc);
        CredentialChain chain = new CredentialChain(vc, false).printLinksOnly(ctx.isSet("stdout"))
                .avoidTerminalPrompts(true);
        Duration minTtl = minTtl(callerEnv);
        ReentrantLock fetches = new ReentrantLock();
        RefreshingCredentials base = new RefreshingCredentials(chain.provider(profile), minTtl, fetches);
        Map<String, String> env = new HashMap<>(callerEnv);
        UNSET.forEach(env::remove);
        env.put("AWS_VAULT", profile.profileName());
        if (!profile.region().isEmpty()) {
            env.put("AWS_REGION", profile.region());
            env.put("AWS_DEFAULT_REGION", profile.region());
        }
        Program program = program(ctx, env);
        if (server == Server.ECS) {
            return CredentialServers.ecs(base,
                    roleArn -> new RefreshingCredentials(chain.assumeRoleOnTop(profile, roleArn, base), minTtl, fetches),
                    ctx.isSet("lazy"), program.child, program.messages);
        }
        return CredentialServers.ec2(base, profile.region(), Ec2Endpoints.from(callerEnv), callerEnv, program.child,
                program.messages);
    }

    /** What exec runs, and how it talks to the user around it. */
    private record Program(ChildProgram child, CredentialServers.Messages messages) {
    }

    /**
     * The program (the command, else {@code $SHELL}, else {@code /bin/sh} or {@code cmd.exe}) resolved on PATH. Help
     * messages go to stderr only for a subshell on a terminal without {@code --debug} or
     * {@code AWS_VAULT_DISABLE_HELP_MESSAGE=1}, as the original; otherwise to the debug log.
     */
    private static Program program(CommandContext ctx, Map<String, String> env) {
        Invocation inv = ctx.invocation();
        String command = ctx.arg("cmd").orElse("");
        boolean subshell = command.isEmpty();
        if (subshell) {
            command = inv.environment().getOrDefault("SHELL", "");
            if (command.isEmpty()) {
                command = isWindows() ? "cmd.exe" : "/bin/sh";
            }
        }
        boolean showHelp = subshell && inv.terminal().isOutputTerminal() && !ctx.debug()
                && !"1".equals(inv.environment().get("AWS_VAULT_DISABLE_HELP_MESSAGE"));
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(ctx.args("args"));
        Path executable = lookPath(command, inv.environment().get("PATH"), inv.workingDirectory());
        Consumer<String> help = showHelp ? inv.err()::println : ctx::debug;
        String subshellHelp = subshell ? "Starting subshell " + command + ", use `exit` to exit the subshell" : "";
        return new Program(new ChildProgram(executable, argv, env, inv.workingDirectory()),
                new CredentialServers.Messages(help, ctx::debug, subshellHelp));
    }

    enum Server { NONE, ECS, EC2 }

    /** The original's flag checks (checklist 4), in its order and words. */
    private static Server validate(CommandContext ctx) {
        boolean ecs = ctx.isSet("ecs-server") || ctx.isSet("server");
        boolean ec2 = ctx.isSet("ec2-server");
        if (ecs && ec2) {
            throw new AwsVaultException("Can't use --ec2-server with --ecs-server");
        }
        if (!ecs && !ec2) {
            return Server.NONE;
        }
        String flag = ecs ? "--ecs-server" : "--ec2-server";
        if (ctx.isSet("json")) {
            throw new AwsVaultException("Can't use " + flag + " with --json");
        }
        if (ctx.isSet("no-session")) {
            throw new AwsVaultException("Can't use " + flag + " with --no-session");
        }
        if ("terminal".equals(ctx.flag("prompt").orElse(""))) {
            throw new AwsVaultException("Can't use --prompt=terminal with " + flag
                    + ". Specify a different prompt driver");
        }
        return ecs ? Server.ECS : Server.EC2;
    }

    /** {@code AWS_MIN_TTL} in Go syntax, else 5 minutes (what the session cache uses too). */
    static Duration minTtl(Map<String, String> env) {
        String v = env.getOrDefault("AWS_MIN_TTL", "");
        return v.isEmpty() ? DEFAULT_MIN_TTL : GoDuration.tryParse(v).orElse(DEFAULT_MIN_TTL);
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
