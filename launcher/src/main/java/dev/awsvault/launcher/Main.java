package dev.awsvault.launcher;

import java.io.FileDescriptor;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;

/**
 * The headless launcher: {@code aws-vault <command line>}. Boots Felix with the installed bundles and the user's
 * plugins, runs exactly one command through the {@code CommandRunner} service, stops the framework and exits with the
 * command's status, or replaces the process with the program the command handed over to ({@code exec}).
 * <p>
 * Any error that escapes is printed as one line, {@code aws-vault: error: <message>}, and the exit status is 1. Stack
 * traces appear only with {@code --debug} or {@code AWS_VAULT_LAUNCHER_DEBUG=1}.
 */
public final class Main {
    static final String TRAIN_PROPERTY = "aws-vault.train";

    private Main() {
    }

    public static void main(String[] args) {
        if ("1".equals(System.getProperty(TRAIN_PROPERTY))) {
            System.exit(Training.run());
        }
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit status (only on the paths that do not replace the process). */
    static int run(String[] args) {
        Map<String, String> env = System.getenv();
        PrintStream err = LauncherInvocation.stream(FileDescriptor.err);
        Debug debug = Debug.of(List.of(args), env, err);
        boolean debugging = debug.enabled();
        LauncherInvocation invocation = null;
        try {
            if (debug.framework()) {
                System.setOut(System.err); // framework and SCR diagnostics must never reach standard output
            }
            Distribution distribution = Distribution.current();
            if ("1".equals(System.getProperty(AgentStarter.SERVE_PROPERTY))) {
                ProcessReplacer.configureJna(distribution);
                return AgentMain.serve(distribution, env, debug);
            }
            String skip = env.get(AgentSettings.SKIP_VARIABLE);
            if (skip == null || skip.equals(AgentSettings.SKIP_NO_AGENT)) {
                Integer status = throughAgent(distribution, args, env, err, debug);
                if (status != null) {
                    return status;
                }
            }
            ProcessReplacer.configureJna(distribution);
            invocation = LauncherInvocation.ofProcess(args, err);
            int status = new Launcher(distribution, env, UserIdentity.current(), debug).run(invocation);
            invocation.flush();
            ChildProgram child = invocation.child();
            if (child != null) {
                debug.log("exec " + child.executable());
                return ProcessReplacer.replace(child, false);
            }
            if (status == Invocation.HANDED_OVER) {
                throw new LauncherException("the command handed over to no program");
            }
            return status;
        } catch (Throwable e) {
            return fail(e, debugging, invocation, err);
        }
    }

    /**
     * The thin-client path: relays the command line to a running agent (starting one first when auto-start is on).
     * Returns the exit status, or null to run the command here (no agent, or the agent handed it back).
     */
    static Integer throughAgent(Distribution distribution, String[] args, Map<String, String> env, PrintStream err,
                                Debug debug) {
        List<String> arguments = List.of(args);
        if (AgentRouting.runsCold(arguments)) {
            return null;
        }
        java.nio.file.Path socket = AgentSocket.path(env, AgentSocket.uid());
        java.nio.channels.SocketChannel channel = AgentClient.connect(socket);
        if (channel == null && !"agent".equals(AgentRouting.command(arguments)) && new AgentSettings(env).autostart()) {
            try {
                AgentStarter.start(distribution, env, null, debug);
            } catch (LauncherException e) {
                debug.log("auto-start of the agent failed: " + e.getMessage());
            }
            channel = AgentClient.connect(socket);
        }
        if (channel == null) {
            return null;
        }
        debug.log("relaying to the agent on " + socket);
        PrintStream out = LauncherInvocation.stream(FileDescriptor.out);
        Map<String, String> callerEnv = new java.util.HashMap<>(env);
        callerEnv.remove(AgentSettings.SKIP_VARIABLE);
        AgentClient.Outcome outcome = AgentClient.relay(channel, distribution.id(), arguments, callerEnv,
            java.nio.file.Paths.get(System.getProperty("user.dir")), out, err, TtyTerminal.ofProcess());
        out.flush();
        if (outcome.runCold()) {
            if (!outcome.fallback.isEmpty()) {
                err.println(outcome.fallback);
            }
            return null;
        }
        if (outcome.child != null) {
            ProcessReplacer.configureJna(distribution);
            return ProcessReplacer.replace(outcome.child, false);
        }
        return outcome.status;
    }

    static int fail(Throwable e, boolean debugging, LauncherInvocation invocation, PrintStream err) {
        if (invocation != null) {
            invocation.flush();
        }
        String message = e instanceof LauncherException ? EmbeddedFramework.oneLine(e) : EmbeddedFramework.describe(e);
        err.println("aws-vault: error: " + message);
        if (debugging) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
