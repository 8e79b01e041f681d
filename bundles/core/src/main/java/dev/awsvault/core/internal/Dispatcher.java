package dev.awsvault.core.internal;

import java.io.PrintStream;
import java.util.List;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.core.internal.cli.CommandLineParser;
import dev.awsvault.core.internal.cli.HelpPrinter;
import dev.awsvault.core.internal.cli.ParsedLine;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * Runs one command line: parses it against the global flags and the registered commands, handles
 * {@code --help}/{@code --version} and kingpin's hidden built-ins ({@link BuiltinActions}), validates {@code --backend}/{@code --prompt}, runs the command, and turns every
 * failure into the original's one-line {@code aws-vault: error: …} and exit status 1.
 */
final class Dispatcher {
    private final String version;

    Dispatcher(String version) {
        this.version = version;
    }

    int run(Invocation invocation, Plugins plugins) {
        PrintStream err = invocation.err();
        List<String> args = invocation.arguments();
        boolean debug = args.contains("--debug");
        CommandSpec running = null;
        DefaultCommandContext context = null;
        try {
            String builtin = BuiltinActions.requested(args);
            if (builtin != null) {
                return new BuiltinActions(invocation, plugins, version).run(builtin);
            }
            CommandLineParser parser = new CommandLineParser(GlobalFlags.all("", ""), plugins.specsByNameAndAlias());
            ParsedLine line;
            try {
                line = parser.parse(args, invocation.environment());
            } catch (UsageException e) {
                if (args.contains("--version")) {
                    return printVersion(invocation);
                }
                err.println("aws-vault: error: " + e.getMessage() + ", try --help");
                return 1;
            }
            if (line.isSet(GlobalFlags.VERSION) && line.isGiven(GlobalFlags.VERSION)) {
                return printVersion(invocation);
            }
            context = new DefaultCommandContext(invocation, line, plugins);
            if (line.helpRequested()) {
                DefaultVaultContext probe = context.vaultContext();
                HelpPrinter help = new HelpPrinter(GlobalFlags.all(
                        String.join(" ", Selection.availableBackends(plugins, probe)),
                        String.join(" ", Selection.availablePrompts(plugins, probe))));
                help.print(invocation.out(), line.command(), plugins.specsByNameAndAlias().values().stream()
                        .distinct().toList());
                return 0;
            }
            running = line.command().orElseThrow();
            Command command = plugins.commands().get(running.name());
            // kingpin validates enum flags while parsing, before the command runs.
            try {
                DefaultVaultContext vc = context.vaultContext();
                Selection.checkPromptName(plugins, line.flag(GlobalFlags.PROMPT), vc);
                if (line.flag(GlobalFlags.BACKEND).isPresent()) {
                    vc.backendName();
                }
            } catch (UsageException e) {
                err.println("aws-vault: error: " + e.getMessage() + ", try --help");
                return 1;
            } catch (AwsVaultException e) {
                err.println("aws-vault: error: " + oneLine(e.getMessage()));
                return 1;
            }
            context.debug("aws-vault " + version + " running " + running.name());
            return command.run(context);
        } catch (UsageException e) {
            err.println("aws-vault: error: " + prefix(running) + e.getMessage() + ", try --help");
            return 1;
        } catch (AwsVaultException | TerminalUnavailableException e) {
            if (context != null && causedBy(e, WrongPassphraseException.class)) {
                context.vaultContext().forgetCachedSecrets();
            }
            err.println("aws-vault: error: " + prefix(running) + oneLine(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Exception | LinkageError e) {
            // Unexpected: still one line; the class name helps a bug report, the trace only with --debug.
            err.println("aws-vault: error: " + prefix(running) + oneLine(describe(e)));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            if (context != null) {
                context.close();
            }
            err.flush();
            invocation.out().flush();
        }
    }

    private int printVersion(Invocation invocation) {
        invocation.out().println(version);
        return 0;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String prefix(CommandSpec spec) {
        return spec == null ? "" : spec.errorPrefix() + ": ";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }
}
