package dev.awsvault.core.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;

/** Prints kingpin-style usage: the application's with every command, or one command's with its flags and args. */
public final class HelpPrinter {
    private static final String APP = "aws-vault";
    private static final String APP_HELP =
            "A vault for securely storing and accessing AWS credentials in development environments.";

    private final List<FlagSpec> globalFlags;

    public HelpPrinter(List<FlagSpec> globalFlags) {
        this.globalFlags = globalFlags;
    }

    public void print(PrintStream out, Optional<CommandSpec> command, Collection<CommandSpec> commands) {
        if (command.isPresent()) {
            printCommand(out, command.get());
        } else {
            printApp(out, commands);
        }
        out.flush();
    }

    private void printApp(PrintStream out, Collection<CommandSpec> commands) {
        out.println("usage: " + APP + " [<flags>] <command> [<args> ...]");
        out.println();
        out.println(APP_HELP);
        out.println();
        printFlags(out, "Flags:", globalFlags);
        out.println("Commands:");
        out.println("  help [<command>...]");
        out.println("    Show help.");
        out.println();
        for (CommandSpec c : commands) {
            if (c.hidden()) {
                continue;
            }
            out.println("  " + c.name() + commandSignature(c));
            out.println("    " + c.help());
            out.println();
        }
    }

    private void printCommand(PrintStream out, CommandSpec c) {
        out.println("usage: " + APP + " " + c.name() + commandSignature(c));
        out.println();
        out.println(c.help());
        if (!c.aliases().isEmpty()) {
            out.println();
            out.println("Aliases: " + String.join(", ", c.aliases()));
        }
        out.println();
        List<FlagSpec> all = new ArrayList<>(globalFlags);
        all.addAll(c.flags());
        printFlags(out, "Flags:", all);
        if (!c.args().isEmpty()) {
            out.println("Args:");
            List<String[]> rows = new ArrayList<>();
            for (ArgSpec a : c.args()) {
                String name = a.required() ? "<" + a.name() + ">" : "[<" + a.name() + ">]";
                rows.add(new String[] {name + (a.remainder() ? " ..." : ""), a.help()});
            }
            printRows(out, rows);
            out.println();
        }
    }

    private static String commandSignature(CommandSpec c) {
        StringBuilder sb = new StringBuilder();
        if (c.flags().stream().anyMatch(f -> !f.hidden())) {
            sb.append(" [<flags>]");
        }
        for (ArgSpec a : c.args()) {
            String name = "<" + a.name() + ">" + (a.remainder() ? "..." : "");
            sb.append(' ').append(a.required() ? name : "[" + name + "]");
        }
        return sb.toString();
    }

    private static void printFlags(PrintStream out, String title, List<FlagSpec> flags) {
        out.println(title);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"--help", "Show context-sensitive help (also try --help-long and --help-man)."});
        for (FlagSpec f : flags) {
            if (f.hidden()) {
                continue;
            }
            String left = (f.shortName().isPresent() ? "-" + f.shortName().get() + ", " : "    ") + "--"
                    + (f.kind() == FlagSpec.Kind.BOOL ? "[no-]" : "") + f.longName()
                    + (f.kind() == FlagSpec.Kind.BOOL ? "" : "=" + f.placeholder());
            String help = f.help();
            if (f.envVar().isPresent()) {
                help += " ($" + f.envVar().get() + ")";
            }
            rows.add(new String[] {left, help});
        }
        printRows(out, rows);
        out.println();
    }

    private static void printRows(PrintStream out, List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            out.println("  " + r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
        }
    }
}
