package dev.awsvault.core.internal.cli;

import java.util.List;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;

/**
 * The flags and the {@code help} command kingpin v2 adds to every application, in kingpin's order, plus our
 * {@code --completion-script-fish}. They come before the application's own flags in help and completion.
 */
public final class BuiltinFlags {
    public static final String HELP = "help";
    public static final String HELP_LONG = "help-long";
    public static final String HELP_MAN = "help-man";
    public static final String COMPLETION_BASH = "completion-bash";
    public static final String COMPLETION_SCRIPT_BASH = "completion-script-bash";
    public static final String COMPLETION_SCRIPT_ZSH = "completion-script-zsh";
    public static final String COMPLETION_SCRIPT_FISH = "completion-script-fish";

    /** Kingpin's built-in {@code help [<command>...]}. */
    public static final CommandSpec HELP_COMMAND = CommandSpec.builder("help", "Show help.")
            .arg(ArgSpec.remainder("command", "Show help on command.")).build();

    private BuiltinFlags() {
    }

    public static List<FlagSpec> all() {
        return List.of(
                FlagSpec.bool(HELP, "Show context-sensitive help (also try --help-long and --help-man)."),
                FlagSpec.bool(HELP_LONG, "Generate long help.").asHidden(),
                FlagSpec.bool(HELP_MAN, "Generate a man page.").asHidden(),
                FlagSpec.bool(COMPLETION_BASH, "Output possible completions for the given args.").asHidden(),
                FlagSpec.bool(COMPLETION_SCRIPT_BASH, "Generate completion script for bash.").asHidden(),
                FlagSpec.bool(COMPLETION_SCRIPT_ZSH, "Generate completion script for ZSH.").asHidden(),
                FlagSpec.bool(COMPLETION_SCRIPT_FISH, "Generate completion script for fish.").asHidden());
    }
}
