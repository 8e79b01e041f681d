package dev.awsvault.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.core.internal.cli.BuiltinFlags;
import dev.awsvault.core.internal.cli.CommandLineParser;
import dev.awsvault.core.internal.cli.Completer;
import dev.awsvault.core.internal.cli.CompletionScripts;
import dev.awsvault.core.internal.cli.LongHelpPrinter;
import dev.awsvault.invocation.Invocation;

/**
 * Kingpin's hidden built-in flags, which act before (and instead of) the command: {@code --completion-bash},
 * {@code --completion-script-bash|zsh|fish}, {@code --help-long} and {@code --help-man}. Completion never fails,
 * never prompts and opens no keystore: the names it offers come from the config file and the registered plugins.
 */
final class BuiltinActions {
    private final Invocation invocation;
    private final Plugins plugins;
    private final String version;

    BuiltinActions(Invocation invocation, Plugins plugins, String version) {
        this.invocation = invocation;
        this.plugins = plugins;
        this.version = version;
    }

    /** The first built-in flag before any {@code --}, or null when the line has none. */
    static String requested(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (name.equals(BuiltinFlags.COMPLETION_BASH)) {
                    return name; // kingpin completes whatever else is on the line
                }
            }
        }
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            switch (a) {
                case "--" + BuiltinFlags.HELP_LONG:
                case "--" + BuiltinFlags.HELP_MAN:
                case "--" + BuiltinFlags.COMPLETION_SCRIPT_BASH:
                case "--" + BuiltinFlags.COMPLETION_SCRIPT_ZSH:
                case "--" + BuiltinFlags.COMPLETION_SCRIPT_FISH:
                    return a.substring(2);
                default:
                    break;
            }
        }
        return null;
    }

    /** Performs the built-in {@code flag}; exit status 0. */
    int run(String flag) {
        List<String> args = invocation.arguments();
        try (Names names = new Names()) {
            switch (flag) {
                case BuiltinFlags.COMPLETION_BASH: {
                    List<String> words = new ArrayList<>(args);
                    words.remove("--" + BuiltinFlags.COMPLETION_BASH);
                    if (!words.isEmpty() && isProgramName(words.get(0))) {
                        words.remove(0); // kingpin's zsh script passes the program name too
                    }
                    // Kingpin prints the candidates joined by newlines, with no newline after the last.
                    invocation.out().print(String.join("\n", completer(names).complete(words)));
                    break;
                }
                case BuiltinFlags.COMPLETION_SCRIPT_BASH:
                    invocation.out().print(CompletionScripts.bash());
                    break;
                case BuiltinFlags.COMPLETION_SCRIPT_ZSH:
                    invocation.out().print(CompletionScripts.zsh());
                    break;
                case BuiltinFlags.COMPLETION_SCRIPT_FISH:
                    invocation.out().print(CompletionScripts.fish());
                    break;
                case BuiltinFlags.HELP_LONG: {
                    CommandSpec selected = completer(names).selectedCommand(args);
                    new LongHelpPrinter(appFlags(names), commands()).printLong(invocation.out(), selected);
                    break;
                }
                default:
                    new LongHelpPrinter(appFlags(names), commands()).printMan(invocation.out(), version);
                    break;
            }
        }
        invocation.out().flush();
        return 0;
    }

    private static boolean isProgramName(String word) {
        return word.equals("aws-vault") || word.endsWith("/aws-vault");
    }

    private Completer completer(Names names) {
        return new Completer(appFlags(names), commands(), names);
    }

    /** Kingpin's built-in flags, then the global ones. */
    private List<FlagSpec> appFlags(Names names) {
        List<FlagSpec> flags = new ArrayList<>(BuiltinFlags.all());
        flags.addAll(GlobalFlags.described(names.backends(), names.defaultBackend(), names.prompts()));
        return flags;
    }

    /** {@code help} first (kingpin puts it there), then the registered commands. */
    private List<CommandSpec> commands() {
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(BuiltinFlags.HELP_COMMAND);
        plugins.commands().values().forEach(c -> specs.add(c.spec()));
        return specs;
    }

    /** The names candidates come from, each looked up once; a failure gives no names, never an error. */
    private final class Names implements Completer.Names, AutoCloseable {
        private DefaultCommandContext context;
        private List<String> profiles;
        private List<String> backends;
        private List<String> prompts;
        private String defaultBackend;

        /** A context for a line with no command and no flags: availability probes need one. */
        private DefaultVaultContext vaultContext() {
            if (context == null) {
                CommandLineParser parser = new CommandLineParser(GlobalFlags.all("", ""), plugins.specsByNameAndAlias());
                context = new DefaultCommandContext(invocation, parser.parse(List.of("--help"), invocation.environment()),
                        plugins);
            }
            return context.vaultContext();
        }

        @Override
        public List<String> profiles() {
            if (profiles == null) {
                profiles = List.of();
                try {
                    Path path = vaultContext().configPath();
                    // Never create the file here, as loading would: completion changes nothing.
                    if (Files.isRegularFile(path)) {
                        profiles = List.copyOf(new LinkedHashSet<>(ConfigFile.load(path).profileNames()));
                    }
                } catch (RuntimeException e) {
                    // a malformed or unreadable config offers no profiles
                }
            }
            return profiles;
        }

        @Override
        public List<String> backends() {
            if (backends == null) {
                backends = List.of();
                try {
                    backends = List.copyOf(Selection.availableBackends(plugins, vaultContext()));
                    defaultBackend = Selection.backend(plugins, java.util.Optional.empty(), vaultContext()).name();
                } catch (RuntimeException e) {
                    // no backend available: none offered
                }
            }
            return backends;
        }

        String defaultBackend() {
            backends();
            return defaultBackend;
        }

        @Override
        public List<String> prompts() {
            if (prompts == null) {
                prompts = List.of();
                try {
                    prompts = List.copyOf(Selection.availablePrompts(plugins, vaultContext()));
                } catch (RuntimeException e) {
                    // none offered
                }
            }
            return prompts;
        }

        @Override
        public void close() {
            if (context != null) {
                context.close();
            }
        }
    }
}
