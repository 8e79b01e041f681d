package dev.awsvault.api.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A flag: {@code --long}, an optional one-letter short form, help text, a kind, and optionally a default, an
 * environment variable that supplies the default, and the allowed values of an enum. Boolean flags also accept
 * {@code --no-<long>}.
 */
public final class FlagSpec {

    /** What a flag takes. */
    public enum Kind {
        /** No value; {@code --x} sets, {@code --no-x} clears. */
        BOOL,
        /** One value: {@code --x v}, {@code --x=v}, {@code -xv}. */
        STRING,
        /** One value out of {@link FlagSpec#enumValues()}. */
        ENUM
    }

    private final String longName;
    private final char shortName;
    private final String help;
    private final Kind kind;
    private final String defaultValue;
    private final String envVar;
    private final List<String> enumValues;
    private final boolean hidden;
    private final String placeholder;
    private final Completion completion;

    private FlagSpec(String longName, char shortName, String help, Kind kind, String defaultValue, String envVar,
            List<String> enumValues, boolean hidden, String placeholder) {
        this(longName, shortName, help, kind, defaultValue, envVar, enumValues, hidden, placeholder, Completion.NONE);
    }

    private FlagSpec(String longName, char shortName, String help, Kind kind, String defaultValue, String envVar,
            List<String> enumValues, boolean hidden, String placeholder, Completion completion) {
        this.longName = Objects.requireNonNull(longName, "longName");
        this.shortName = shortName;
        this.help = Objects.requireNonNull(help, "help");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.defaultValue = defaultValue;
        this.envVar = envVar;
        this.enumValues = List.copyOf(enumValues);
        this.hidden = hidden;
        this.placeholder = placeholder;
        this.completion = Objects.requireNonNull(completion, "completion");
    }

    public static FlagSpec bool(String longName, String help) {
        return new FlagSpec(longName, '\0', help, Kind.BOOL, null, null, List.of(), false, null);
    }

    public static FlagSpec string(String longName, String help) {
        return new FlagSpec(longName, '\0', help, Kind.STRING, null, null, List.of(), false, null);
    }

    public static FlagSpec enumeration(String longName, String help, List<String> values) {
        return new FlagSpec(longName, '\0', help, Kind.ENUM, null, null, values, false, null);
    }

    public FlagSpec withShort(char c) {
        return new FlagSpec(longName, c, help, kind, defaultValue, envVar, enumValues, hidden, placeholder, completion);
    }

    public FlagSpec withDefault(String value) {
        return new FlagSpec(longName, shortName, help, kind, value, envVar, enumValues, hidden, placeholder, completion);
    }

    public FlagSpec withEnvVar(String name) {
        return new FlagSpec(longName, shortName, help, kind, defaultValue, name, enumValues, hidden, placeholder, completion);
    }

    public FlagSpec withPlaceholder(String text) {
        return new FlagSpec(longName, shortName, help, kind, defaultValue, envVar, enumValues, hidden, text, completion);
    }

    public FlagSpec asHidden() {
        return new FlagSpec(longName, shortName, help, kind, defaultValue, envVar, enumValues, true, placeholder, completion);
    }

    /** This flag's value completing with {@code completion}; an {@link Kind#ENUM} flag completes with its values. */
    public FlagSpec withCompletion(Completion completion) {
        return new FlagSpec(longName, shortName, help, kind, defaultValue, envVar, enumValues, hidden, placeholder,
                completion);
    }

    public String longName() {
        return longName;
    }

    /** The short form, or empty. */
    public Optional<Character> shortName() {
        return shortName == '\0' ? Optional.empty() : Optional.of(shortName);
    }

    public String help() {
        return help;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public Optional<String> envVar() {
        return Optional.ofNullable(envVar);
    }

    public List<String> enumValues() {
        return enumValues;
    }

    public boolean hidden() {
        return hidden;
    }

    /** What the value completes with; {@link Completion#NONE} unless declared. */
    public Completion completion() {
        return completion;
    }

    /** The placeholder shown in help ({@code --region=REGION}); defaults to the upper-cased long name. */
    public String placeholder() {
        return placeholder != null ? placeholder : longName.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    @Override
    public String toString() {
        return "--" + longName;
    }
}
