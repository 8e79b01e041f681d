package dev.awsvault.core.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;

/**
 * {@code --help-long} and {@code --help-man}: the output of kingpin v2's {@code LongHelpTemplate} and
 * {@code ManPageTemplate} for our commands (kingpin's flag column rules: {@code [no-]} for booleans, a quoted default
 * as the placeholder of a string flag, a first column capped at 30 characters). Help text is not re-wrapped to the
 * terminal width as kingpin's {@code go/doc} does; lines stay whole, as in our {@code --help}.
 */
public final class LongHelpPrinter {
    private static final String APP = "aws-vault";
    private static final String APP_HELP =
            "A vault for securely storing and accessing AWS credentials in development environments.";
    private static final int MAX_FIRST_COLUMN = 30;

    private final List<FlagSpec> appFlags;
    private final List<CommandSpec> commands;

    /**
     * @param appFlags kingpin's built-in flags followed by the global flags
     * @param commands every command in listing order, {@code help} first; hidden ones are skipped
     */
    public LongHelpPrinter(List<FlagSpec> appFlags, List<CommandSpec> commands) {
        this.appFlags = List.copyOf(appFlags);
        this.commands = List.copyOf(commands);
    }

    /** The long help; with a command on the line its flags and args join the top block, as kingpin's context does. */
    public void printLong(PrintStream out, CommandSpec selected) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: ").append(APP).append(signature(appFlags, List.of())).append(" <command> [<args> ...]\n");
        sb.append('\n').append(APP_HELP).append("\n\n");
        List<FlagSpec> flags = new ArrayList<>(appFlags);
        if (selected != null) {
            flags.addAll(selected.flags());
        }
        sb.append("Flags:\n");
        twoColumns(sb, 2, 2, flagRows(flags));
        sb.append('\n');
        if (selected != null && !selected.args().isEmpty()) {
            sb.append("Args:\n");
            twoColumns(sb, 2, 2, argRows(selected.args()));
            sb.append('\n');
        }
        sb.append("Commands:\n");
        for (CommandSpec c : commands) {
            if (c.hidden()) {
                continue;
            }
            sb.append("  ").append(c.name()).append(signature(c.flags(), c.args())).append('\n');
            sb.append("    ").append(c.help()).append("\n\n");
            List<String[]> rows = flagRows(c.flags());
            if (!rows.isEmpty()) {
                twoColumns(sb, 4, 2, rows);
            }
            sb.append('\n');
        }
        sb.append('\n');
        out.print(sb);
        out.flush();
    }

    /** The groff man page. */
    public void printMan(PrintStream out, String version) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH ").append(APP).append(" 1 ").append(version).append(" \"\"\n");
        sb.append(".SH \"NAME\"\n").append(APP).append('\n');
        sb.append(".SH \"SYNOPSIS\"\n.TP\n");
        sb.append("\\fB").append(APP).append(signature(appFlags, List.of())).append(" <command> [<args> ...]\\fR\n\n");
        sb.append(".SH \"DESCRIPTION\"\n").append(APP_HELP).append('\n');
        sb.append(".SH \"OPTIONS\"\n");
        manFlags(sb, appFlags);
        sb.append(".SH \"COMMANDS\"\n");
        for (CommandSpec c : commands) {
            if (c.hidden()) {
                continue;
            }
            sb.append(".SS\n\\fB").append(c.name()).append(signature(c.flags(), c.args())).append("\\fR\n");
            sb.append(".PP\n").append(c.help()).append('\n');
            manFlags(sb, c.flags());
        }
        out.print(sb);
        out.flush();
    }

    private static void manFlags(StringBuilder sb, List<FlagSpec> flags) {
        for (FlagSpec f : flags) {
            if (f.hidden()) {
                continue;
            }
            sb.append(".TP\n\\fB");
            f.shortName().ifPresent(c -> sb.append('-').append(c).append(", "));
            sb.append("--").append(f.longName());
            if (f.kind() != FlagSpec.Kind.BOOL) {
                sb.append('=').append(placeholder(f));
            }
            sb.append("\\fR\n").append(f.help()).append('\n');
        }
    }

    /**
     * Kingpin's {@code FormatCommand}: {@code [<flags>]} when there is a flag that is not one of its built-ins
     * (hidden flags count), then each argument, optional ones in brackets, repeated ones with {@code ...}.
     */
    static String signature(List<FlagSpec> flags, List<ArgSpec> args) {
        StringBuilder sb = new StringBuilder();
        boolean anyOwn = flags.stream().anyMatch(f -> !isBuiltin(f));
        if (anyOwn) {
            sb.append(" [<flags>]");
        }
        for (ArgSpec a : args) {
            sb.append(' ');
            if (!a.required()) {
                sb.append('[');
            }
            sb.append('<').append(a.name()).append('>');
            if (a.remainder()) {
                sb.append("...");
            }
            if (!a.required()) {
                sb.append(']');
            }
        }
        return sb.toString();
    }

    private static boolean isBuiltin(FlagSpec f) {
        return BuiltinFlags.all().stream().anyMatch(b -> b.longName().equals(f.longName()));
    }

    private static List<String[]> flagRows(List<FlagSpec> flags) {
        boolean haveShort = flags.stream().anyMatch(f -> f.shortName().isPresent());
        List<String[]> rows = new ArrayList<>();
        for (FlagSpec f : flags) {
            if (f.hidden()) {
                continue;
            }
            String name = (f.kind() == FlagSpec.Kind.BOOL ? "[no-]" : "") + f.longName();
            String left = f.shortName().isPresent() ? "-" + f.shortName().get() + ", --" + name
                    : (haveShort ? "    --" : "--") + name;
            if (f.kind() != FlagSpec.Kind.BOOL) {
                left += "=" + placeholder(f);
            }
            String help = f.help() + f.envVar().map(e -> " ($" + e + ")").orElse("");
            rows.add(new String[] {left, help});
        }
        return rows;
    }

    private static List<String[]> argRows(List<ArgSpec> args) {
        List<String[]> rows = new ArrayList<>();
        for (ArgSpec a : args) {
            String s = "<" + a.name() + ">";
            rows.add(new String[] {a.required() ? s : "[" + s + "]", a.help()});
        }
        return rows;
    }

    /** Kingpin's placeholder: the declared one, else the default (quoted for a string flag), else the NAME. */
    static String placeholder(FlagSpec f) {
        String generated = f.longName().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!f.placeholder().equals(generated)) {
            return f.placeholder();
        }
        if (f.defaultValue().isPresent()) {
            String d = f.defaultValue().get();
            return f.kind() == FlagSpec.Kind.STRING ? "\"" + d.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : d;
        }
        return f.longName().toUpperCase(Locale.ROOT);
    }

    /** Kingpin's {@code formatTwoColumns}: a first column padded to its widest entry under 30, longer ones alone. */
    private static void twoColumns(StringBuilder sb, int indent, int padding, List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            if (r[0].length() > width && r[0].length() < MAX_FIRST_COLUMN) {
                width = r[0].length();
            }
        }
        String indentText = " ".repeat(indent);
        for (String[] r : rows) {
            sb.append(indentText).append(r[0]).append(" ".repeat(Math.max(0, width - r[0].length()) + padding));
            if (r[0].length() >= MAX_FIRST_COLUMN) {
                sb.append('\n').append(indentText).append(" ".repeat(width + padding));
            }
            sb.append(r[1]).append('\n');
        }
    }
}
