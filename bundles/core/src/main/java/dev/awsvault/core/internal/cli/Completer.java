package dev.awsvault.core.internal.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;

/**
 * The candidates of {@code aws-vault --completion-bash <words…>}, with kingpin v2's rules (the original's parser):
 * the words are parsed as far as they go (an unknown word stops the parse, it is no error); when the last or the
 * one-but-last word starts with {@code --} the candidates are flags, or the values of the flag just named;
 * otherwise they are the values of the next positional argument, or, when every argument is taken, the commands.
 * Flags and commands are never filtered by the partial last word (the shell's {@code compgen} does that); argument
 * values are, as kingpin filters them. After a {@code --} there is nothing: the shell completes the program.
 */
public final class Completer {

    /** Names the candidates come from; each asked for only when needed and expected not to fail. */
    public interface Names {
        List<String> profiles();

        List<String> backends();

        List<String> prompts();
    }

    private final List<FlagSpec> appFlags;
    private final List<CommandSpec> commands;
    private final Map<String, CommandSpec> byNameAndAlias = new LinkedHashMap<>();
    private final Names names;

    /**
     * @param appFlags the top-level flags in kingpin's order (the built-in ones first, see {@link BuiltinFlags})
     * @param commands the commands in listing order, {@code help} included
     */
    public Completer(List<FlagSpec> appFlags, List<CommandSpec> commands, Names names) {
        this.appFlags = List.copyOf(appFlags);
        this.commands = List.copyOf(commands);
        this.names = names;
        for (CommandSpec c : commands) {
            byNameAndAlias.putIfAbsent(c.name(), c);
            for (String alias : c.aliases()) {
                byNameAndAlias.putIfAbsent(alias, c);
            }
        }
    }

    /** The candidates for the position of the last word (which may be empty or partial). */
    public List<String> complete(List<String> words) {
        String current = words.isEmpty() ? "" : words.get(words.size() - 1);
        String previous = words.size() < 2 ? "" : words.get(words.size() - 2);
        if (words.subList(0, Math.max(0, words.size() - 1)).contains("--")) {
            return List.of();
        }
        if (previous.equals("=") && words.size() >= 3 && words.get(words.size() - 3).startsWith("--")) {
            previous = words.get(words.size() - 3); // bash splits `--flag=value` into three words
        }
        Walk walk = walk(words);
        if (current.startsWith("--")) {
            return flagNames(walk.command);
        }
        if (previous.startsWith("--") && previous.length() > 2 && previous.indexOf('=') < 0) {
            FlagSpec flag = longFlag(previous.substring(2), walk.command);
            if (flag == null && previous.startsWith("--no-")) {
                flag = longFlag(previous.substring(5), walk.command);
                if (flag != null && flag.kind() != FlagSpec.Kind.BOOL) {
                    flag = null;
                }
            }
            if (flag == null) {
                return flagNames(walk.command); // kingpin lists the flags after an unknown one
            }
            List<String> values = flag.kind() == FlagSpec.Kind.BOOL ? List.of() : candidates(flag);
            if (!values.isEmpty()) {
                return values;
            }
            // Nothing to offer for the value: kingpin goes on as if it were given.
        }
        return argumentsOrCommands(walk);
    }

    /** The visible flags of the command, then the top-level ones, as {@code --name} (kingpin's order). */
    private List<String> flagNames(CommandSpec command) {
        List<String> names = new ArrayList<>();
        if (command != null) {
            addVisible(command.flags(), names);
        }
        addVisible(appFlags, names);
        return names;
    }

    private static void addVisible(List<FlagSpec> flags, List<String> names) {
        for (FlagSpec f : flags) {
            if (!f.hidden()) {
                names.add("--" + f.longName());
            }
        }
    }

    /** The command named first on the line (by name or alias), or null; for {@code --help-long} and friends. */
    public CommandSpec selectedCommand(List<String> words) {
        return walk(words).command;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Arguments and commands

    private List<String> argumentsOrCommands(Walk walk) {
        List<ArgSpec> args = walk.command == null ? List.of() : walk.command.args();
        List<String> options = new ArrayList<>();
        int satisfied = 0;
        boolean allSatisfied = false;
        for (Element e : walk.args) {
            allSatisfied = false;
            options = new ArrayList<>();
            if (e.value.isEmpty()) {
                continue;
            }
            List<String> valid = candidates(args.get(satisfied));
            boolean remainder = e.arg.remainder();
            if (valid.isEmpty()) {
                if (!remainder) {
                    satisfied++;
                    allSatisfied = true;
                }
                continue;
            }
            // A word before the last one that names a value exactly fills its argument. The last word, the one
            // being completed, is offered with every value it is a prefix of, itself included: kingpin offers
            // nothing there, so the shell cannot finish a name that is the prefix of another.
            if (!e.last && valid.contains(e.value)) {
                if (!remainder) {
                    satisfied++;
                }
                continue;
            }
            for (String v : valid) {
                if (v.startsWith(e.value)) {
                    options.add(v);
                }
            }
            if (!remainder) {
                satisfied++;
                allSatisfied = true;
            }
        }
        if (satisfied < args.size() && !allSatisfied) {
            options.addAll(candidates(args.get(satisfied)));
        } else if (walk.command == null) {
            for (CommandSpec c : commands) {
                if (!c.hidden()) {
                    options.add(c.name());
                }
            }
        }
        return options;
    }

    private List<String> candidates(FlagSpec flag) {
        Completion c = flag.completion();
        if (c.source() == Completion.Source.NONE && flag.kind() == FlagSpec.Kind.ENUM) {
            return flag.enumValues();
        }
        return candidates(c);
    }

    private List<String> candidates(ArgSpec arg) {
        return candidates(arg.completion());
    }

    private List<String> candidates(Completion c) {
        switch (c.source()) {
            case VALUES:
                return c.values();
            case PROFILE:
                return names.profiles();
            case BACKEND:
                return names.backends();
            case PROMPT:
                return names.prompts();
            default:
                return List.of();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The walk: kingpin's tokenizer and parser, stopping quietly at the first word they would reject

    /** A positional word and the argument it fills. */
    private static final class Element {
        final ArgSpec arg;
        final String value;
        final boolean last;

        Element(ArgSpec arg, String value, boolean last) {
            this.arg = arg;
            this.value = value;
            this.last = last;
        }
    }

    private static final class Walk {
        CommandSpec command;
        final List<Element> args = new ArrayList<>();
    }

    /** A word as kingpin's tokenizer sees it. */
    private static final class Token {
        enum Type { LONG, SHORT, ARG }

        final Type type;
        final String value;

        Token(Type type, String value) {
            this.type = type;
            this.value = value;
        }
    }

    private Walk walk(List<String> words) {
        Walk walk = new Walk();
        Deque<String> rest = new ArrayDeque<>(words);
        Deque<Token> pushed = new ArrayDeque<>();
        boolean argsOnly = false;
        int argIndex = 0;
        while (true) {
            Token token;
            if (!pushed.isEmpty()) {
                token = pushed.pop();
            } else if (rest.isEmpty()) {
                return walk;
            } else {
                String word = rest.pop();
                if (argsOnly) {
                    token = new Token(Token.Type.ARG, word);
                } else if (word.equals("--")) {
                    argsOnly = true;
                    continue;
                } else if (word.startsWith("--")) {
                    int eq = word.indexOf('=');
                    if (eq >= 0) {
                        token = new Token(Token.Type.LONG, word.substring(2, eq));
                        pushed.push(new Token(Token.Type.ARG, word.substring(eq + 1)));
                    } else {
                        token = new Token(Token.Type.LONG, word.substring(2));
                    }
                } else if (word.startsWith("-")) {
                    if (word.length() == 1) {
                        token = new Token(Token.Type.ARG, "");
                    } else {
                        String s = word.substring(1, 2);
                        FlagSpec f = shortFlag(s.charAt(0), walk.command);
                        if (f != null && f.kind() != FlagSpec.Kind.BOOL) {
                            if (word.length() > 2) {
                                pushed.push(new Token(Token.Type.ARG, word.substring(2)));
                            }
                        } else if (word.length() > 2) {
                            rest.push("-" + word.substring(2)); // -ab is -a then -b
                        }
                        token = new Token(Token.Type.SHORT, s);
                    }
                } else {
                    token = new Token(Token.Type.ARG, word);
                }
            }
            if (token.type == Token.Type.ARG) {
                if (walk.command == null) {
                    CommandSpec c = byNameAndAlias.get(token.value);
                    if (c == null) {
                        return walk; // kingpin: expected command
                    }
                    walk.command = c;
                    continue;
                }
                List<ArgSpec> args = walk.command.args();
                if (argIndex >= args.size()) {
                    return walk; // kingpin: unexpected argument
                }
                ArgSpec arg = args.get(argIndex);
                if (!arg.remainder()) {
                    argIndex++;
                }
                walk.args.add(new Element(arg, token.value, rest.isEmpty() && pushed.isEmpty()));
                continue;
            }
            FlagSpec flag = token.type == Token.Type.SHORT ? shortFlag(token.value.charAt(0), walk.command)
                    : longFlag(token.value, walk.command);
            boolean inverted = false;
            if (flag == null && token.type == Token.Type.LONG && token.value.startsWith("no-")) {
                flag = longFlag(token.value.substring(3), walk.command);
                inverted = true;
            }
            if (flag == null || (inverted && flag.kind() != FlagSpec.Kind.BOOL)) {
                return walk; // kingpin: unknown flag
            }
            if (flag.kind() != FlagSpec.Kind.BOOL) {
                // The value is the next word, whatever it looks like only if it is an argument.
                Token value;
                if (!pushed.isEmpty()) {
                    value = pushed.pop();
                } else if (rest.isEmpty()) {
                    return walk; // kingpin: expected argument for flag
                } else {
                    String w = rest.peek();
                    if (!argsOnly && w.startsWith("-") && w.length() > 1) {
                        return walk;
                    }
                    value = new Token(Token.Type.ARG, rest.pop());
                }
                if (value.type != Token.Type.ARG) {
                    return walk;
                }
            }
        }
    }

    private FlagSpec longFlag(String name, CommandSpec command) {
        if (command != null) {
            for (FlagSpec f : command.flags()) {
                if (f.longName().equals(name)) {
                    return f;
                }
            }
        }
        for (FlagSpec f : appFlags) {
            if (f.longName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private FlagSpec shortFlag(char c, CommandSpec command) {
        if (command != null) {
            for (FlagSpec f : command.flags()) {
                if (f.shortName().isPresent() && f.shortName().get() == c) {
                    return f;
                }
            }
        }
        for (FlagSpec f : appFlags) {
            if (f.shortName().isPresent() && f.shortName().get() == c) {
                return f;
            }
        }
        return null;
    }
}
