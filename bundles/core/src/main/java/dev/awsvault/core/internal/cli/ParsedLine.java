package dev.awsvault.core.internal.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;

/** The result of parsing one command line: the command, the flags given, and the positional values. */
public final class ParsedLine {
    private final CommandSpec command;
    private final Map<String, String> given;
    private final Map<String, String> positional;
    private final List<String> remainder;
    private final List<FlagSpec> knownFlags;
    private final Map<String, String> environment;
    private final boolean help;

    ParsedLine(CommandSpec command, Map<String, String> given, Map<String, String> positional, List<String> remainder,
            List<FlagSpec> knownFlags, Map<String, String> environment, boolean help) {
        this.command = command;
        this.given = new LinkedHashMap<>(given);
        this.positional = new LinkedHashMap<>(positional);
        this.remainder = List.copyOf(remainder);
        this.knownFlags = List.copyOf(knownFlags);
        this.environment = environment;
        this.help = help;
    }

    /** The command, or empty when none was named (e.g. {@code aws-vault --help}). */
    public Optional<CommandSpec> command() {
        return Optional.ofNullable(command);
    }

    /** Whether {@code --help} (or {@code help <cmd>}) was asked for. */
    public boolean helpRequested() {
        return help;
    }

    public boolean isGiven(String longName) {
        return given.containsKey(longName);
    }

    /** The flag's value: given, else its environment variable (when non-empty), else its default. */
    public Optional<String> flag(String longName) {
        String v = given.get(longName);
        if (v != null) {
            return Optional.of(v);
        }
        FlagSpec spec = spec(longName);
        if (spec == null) {
            return Optional.empty();
        }
        if (spec.envVar().isPresent()) {
            String env = environment.get(spec.envVar().get());
            if (env != null && !env.isEmpty()) {
                return Optional.of(env);
            }
        }
        return spec.defaultValue();
    }

    public boolean isSet(String longName) {
        return flag(longName).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
    }

    public Optional<String> arg(String name) {
        return Optional.ofNullable(positional.get(name));
    }

    public List<String> remainder() {
        return remainder;
    }

    private FlagSpec spec(String longName) {
        for (FlagSpec f : knownFlags) {
            if (f.longName().equals(longName)) {
                return f;
            }
        }
        return null;
    }

}
