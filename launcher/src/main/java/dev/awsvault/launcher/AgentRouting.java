package dev.awsvault.launcher;

import java.util.List;
import java.util.Set;

/**
 * Which command lines the agent leaves to the cold path: those that need the caller's own process, not just its
 * streams. The interactive shell owns the terminal; the credential servers of {@code exec} and {@code proxy} live as
 * long as the child does, in the caller's process.
 */
final class AgentRouting {
    /** Global flags that take a value as the next word (the command word comes after them). */
    private static final Set<String> VALUE_FLAGS = Set.of("--backend", "--prompt", "--keychain",
        "--secret-service-collection", "--pass-dir", "--pass-cmd", "--pass-prefix", "--file-dir");
    private static final Set<String> COLD_COMMANDS = Set.of("shell", "proxy", "server");
    private static final Set<String> SERVER_FLAGS = Set.of("-s", "--server", "--ec2-server", "--ecs-server");

    private AgentRouting() {
    }

    /** The command word of a command line, or null when there is none before {@code --}. */
    static String command(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-")) {
                if (VALUE_FLAGS.contains(a)) {
                    i++;
                }
                continue;
            }
            return a;
        }
        return null;
    }

    /** Whether the command line must run in the caller's process. */
    static boolean runsCold(List<String> args) {
        String command = command(args);
        if (command == null) {
            return false;
        }
        if (COLD_COMMANDS.contains(command)) {
            return true;
        }
        if (command.equals("exec")) {
            for (String a : args) {
                if (a.equals("--")) {
                    break;
                }
                if (SERVER_FLAGS.contains(a) || a.startsWith("--server=") || a.startsWith("--ec2-server=")
                        || a.startsWith("--ecs-server=")) {
                    return !a.endsWith("=false");
                }
            }
        }
        return false;
    }
}
