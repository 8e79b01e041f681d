package dev.awsvault.api.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The declaration of a command: what the parser, {@code --help} and completions need. Immutable. */
public final class CommandSpec {
    private final String name;
    private final String help;
    private final List<String> aliases;
    private final boolean hidden;
    private final String errorPrefix;
    private final List<FlagSpec> flags;
    private final List<ArgSpec> args;

    private CommandSpec(Builder b) {
        this.name = b.name;
        this.help = b.help;
        this.aliases = List.copyOf(b.aliases);
        this.hidden = b.hidden;
        this.errorPrefix = b.errorPrefix == null ? b.name : b.errorPrefix;
        this.flags = List.copyOf(b.flags);
        this.args = List.copyOf(b.args);
    }

    public static Builder builder(String name, String help) {
        return new Builder(name, help);
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public List<String> aliases() {
        return aliases;
    }

    public boolean hidden() {
        return hidden;
    }

    /** The word after {@code aws-vault: error: } in error lines (the original's export says {@code exec}). */
    public String errorPrefix() {
        return errorPrefix;
    }

    public List<FlagSpec> flags() {
        return flags;
    }

    public List<ArgSpec> args() {
        return args;
    }

    public Optional<FlagSpec> flag(String longName) {
        return flags.stream().filter(f -> f.longName().equals(longName)).findFirst();
    }

    /** Builds a {@link CommandSpec}. */
    public static final class Builder {
        private final String name;
        private final String help;
        private final List<String> aliases = new ArrayList<>();
        private final List<FlagSpec> flags = new ArrayList<>();
        private final List<ArgSpec> args = new ArrayList<>();
        private boolean hidden;
        private String errorPrefix;

        private Builder(String name, String help) {
            this.name = Objects.requireNonNull(name, "name");
            this.help = Objects.requireNonNull(help, "help");
        }

        public Builder alias(String alias) {
            aliases.add(alias);
            return this;
        }

        public Builder hidden() {
            this.hidden = true;
            return this;
        }

        public Builder errorPrefix(String prefix) {
            this.errorPrefix = prefix;
            return this;
        }

        public Builder flag(FlagSpec flag) {
            flags.add(flag);
            return this;
        }

        public Builder arg(ArgSpec arg) {
            args.add(arg);
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(this);
        }
    }
}
