package dev.awsvault.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The launcher's own debug log: on with {@code --debug} among the arguments or {@code AWS_VAULT_LAUNCHER_DEBUG=1}.
 * With {@code --debug} the framework's and SCR's warnings are shown too; {@code AWS_VAULT_LAUNCHER_DEBUG=1} alone keeps
 * the framework configured exactly as in a normal run (for timing). Lines go to standard error and never carry an
 * environment value or an argument (either may hold a secret).
 */
final class Debug {
    private final boolean enabled;
    private final boolean framework;
    private final PrintStream err;
    private final long startNanos;

    Debug(boolean enabled, boolean framework, PrintStream err) {
        this.enabled = enabled;
        this.framework = framework;
        this.err = err;
        this.startNanos = System.nanoTime();
    }

    static Debug off() {
        return new Debug(false, false, System.err);
    }

    /** Debug logging as requested by a command line and environment. */
    static Debug of(List<String> args, Map<String, String> env, PrintStream err) {
        boolean flag = hasDebugFlag(args);
        return new Debug(flag || "1".equals(env.get("AWS_VAULT_LAUNCHER_DEBUG")), flag, err);
    }

    static boolean requested(List<String> args, Map<String, String> env) {
        return "1".equals(env.get("AWS_VAULT_LAUNCHER_DEBUG")) || hasDebugFlag(args);
    }

    static boolean hasDebugFlag(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false; // what follows belongs to the child of exec
            }
            if (arg.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether the framework and SCR log their warnings (to standard error). */
    boolean framework() {
        return framework;
    }

    void log(String message) {
        if (enabled) {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            err.println("aws-vault: launcher: [" + ms + " ms] " + message);
        }
    }
}
