package dev.awsvault.core.internal.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;

/**
 * Parses a command line with kingpin's conventions, as the original does: global flags and command flags may
 * appear anywhere (before or after the command and its arguments) until {@code --}; every boolean flag also has a
 * {@code --no-<flag>} form; short flags combine ({@code -nf}) and take values attached or separate; long flags take
 * {@code --x=v} or {@code --x v}. Error messages are kingpin's.
 */
public final class CommandLineParser {
    private final List<FlagSpec> globalFlags;
    private final Map<String, CommandSpec> commands;

    /**
     * @param globalFlags flags valid with every command
     * @param commands    commands by name and by alias
     */
    public CommandLineParser(List<FlagSpec> globalFlags, Map<String, CommandSpec> commands) {
        this.globalFlags = List.copyOf(globalFlags);
        this.commands = Map.copyOf(commands);
    }

    public ParsedLine parse(List<String> args, Map<String, String> environment) {
        CommandSpec command = null;
        Map<String, String> given = new HashMap<>();
        List<String> words = new ArrayList<>();
        boolean help = false;
        boolean helpCommand = false;
        boolean flagsEnded = false;

        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!flagsEnded && a.equals("--")) {
                flagsEnded = true;
                continue;
            }
            if (!flagsEnded && a.startsWith("--") && a.length() > 2) {
                String body = a.substring(2);
                String value = null;
                int eq = body.indexOf('=');
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                    body = body.substring(0, eq);
                }
                if (body.equals("help")) {
                    help = true;
                    continue;
                }
                FlagSpec spec = find(body, command);
                boolean negated = false;
                if (spec == null && body.startsWith("no-")) {
                    FlagSpec positive = find(body.substring(3), command);
                    if (positive != null && positive.kind() == FlagSpec.Kind.BOOL) {
                        spec = positive;
                        negated = true;
                    }
                }
                if (spec == null) {
                    throw new UsageException("unknown long flag '--" + body + "'");
                }
                if (spec.kind() == FlagSpec.Kind.BOOL) {
                    if (value != null && !negated) {
                        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                            throw new UsageException("invalid boolean value '" + value + "' for flag '--" + body + "'");
                        }
                        given.put(spec.longName(), value.toLowerCase(java.util.Locale.ROOT));
                    } else {
                        given.put(spec.longName(), negated ? "false" : "true");
                    }
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("expected argument for flag '--" + spec.longName() + "'");
                    }
                    value = args.get(++i);
                }
                given.put(spec.longName(), checkValue(spec, value));
                continue;
            }
            if (!flagsEnded && a.startsWith("-") && a.length() > 1 && !a.startsWith("--")) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    FlagSpec spec = findShort(c, command);
                    if (spec == null) {
                        throw new UsageException("unknown short flag '-" + c + "'");
                    }
                    if (spec.kind() == FlagSpec.Kind.BOOL) {
                        given.put(spec.longName(), "true");
                        continue;
                    }
                    String value;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException("expected argument for flag '-" + c + "'");
                    }
                    given.put(spec.longName(), checkValue(spec, value));
                    break;
                }
                continue;
            }
            if (command == null && !helpCommand) {
                if (a.equals("help")) {
                    helpCommand = true;
                    help = true;
                    continue;
                }
                command = commands.get(a);
                if (command == null) {
                    throw new UsageException("expected command but got \"" + a + "\"");
                }
                continue;
            }
            if (command == null) { // `help <command>`
                command = commands.get(a);
                if (command == null) {
                    throw new UsageException("expected command but got \"" + a + "\"");
                }
                continue;
            }
            words.add(a);
        }

        List<FlagSpec> known = new ArrayList<>(globalFlags);
        if (command != null) {
            known.addAll(command.flags());
        }
        // Values that come from the environment are validated like given ones (kingpin does the same).
        for (FlagSpec f : known) {
            if (!given.containsKey(f.longName()) && f.kind() == FlagSpec.Kind.ENUM && f.envVar().isPresent()) {
                String env = environment.get(f.envVar().get());
                if (env != null && !env.isEmpty()) {
                    checkValue(f, env);
                }
            }
        }
        if (help) {
            return new ParsedLine(command, given, Map.of(), List.of(), known, environment, true);
        }
        if (command == null) {
            throw new UsageException("command not specified");
        }

        Map<String, String> positional = new HashMap<>();
        List<String> remainder = new ArrayList<>();
        int w = 0;
        for (ArgSpec arg : command.args()) {
            if (arg.remainder()) {
                while (w < words.size()) {
                    remainder.add(words.get(w++));
                }
                break;
            }
            if (w < words.size()) {
                positional.put(arg.name(), words.get(w++));
            } else if (arg.required()) {
                throw new UsageException("required argument '" + arg.name() + "' not provided");
            }
        }
        if (w < words.size()) {
            throw new UsageException("unexpected " + words.get(w));
        }
        return new ParsedLine(command, given, positional, remainder, known, environment, false);
    }

    private static String checkValue(FlagSpec spec, String value) {
        if (spec.kind() == FlagSpec.Kind.ENUM && !spec.enumValues().contains(value)) {
            throw new UsageException("enum value must be one of " + String.join(",", spec.enumValues()) + ", got '"
                    + value + "'");
        }
        return value;
    }

    private FlagSpec find(String longName, CommandSpec command) {
        if (command != null) {
            Optional<FlagSpec> f = command.flag(longName);
            if (f.isPresent()) {
                return f.get();
            }
        }
        for (FlagSpec f : globalFlags) {
            if (f.longName().equals(longName)) {
                return f;
            }
        }
        return null;
    }

    private FlagSpec findShort(char c, CommandSpec command) {
        if (command != null) {
            for (FlagSpec f : command.flags()) {
                if (f.shortName().isPresent() && f.shortName().get() == c) {
                    return f;
                }
            }
        }
        for (FlagSpec f : globalFlags) {
            if (f.shortName().isPresent() && f.shortName().get() == c) {
                return f;
            }
        }
        return null;
    }
}
