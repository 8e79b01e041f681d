package dev.awsvault.api.command;

import java.util.Objects;

/** A positional argument; a {@link #remainder()} argument takes every word left (e.g. exec's command and args). */
public final class ArgSpec {
    private final String name;
    private final String help;
    private final boolean required;
    private final boolean remainder;
    private final Completion completion;

    private ArgSpec(String name, String help, boolean required, boolean remainder, Completion completion) {
        this.name = Objects.requireNonNull(name, "name");
        this.help = Objects.requireNonNull(help, "help");
        this.required = required;
        this.remainder = remainder;
        this.completion = Objects.requireNonNull(completion, "completion");
    }

    public static ArgSpec required(String name, String help) {
        return new ArgSpec(name, help, true, false, Completion.NONE);
    }

    public static ArgSpec optional(String name, String help) {
        return new ArgSpec(name, help, false, false, Completion.NONE);
    }

    /** Every remaining word; always optional. */
    public static ArgSpec remainder(String name, String help) {
        return new ArgSpec(name, help, false, true, Completion.NONE);
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public boolean required() {
        return required;
    }

    public boolean remainder() {
        return remainder;
    }

    /** This argument completing with {@code completion} (e.g. {@link Completion#PROFILE}). */
    public ArgSpec withCompletion(Completion completion) {
        return new ArgSpec(name, help, required, remainder, completion);
    }

    /** What the argument completes with; {@link Completion#NONE} unless declared. */
    public Completion completion() {
        return completion;
    }
}
