package dev.awsvault.api.command;

import java.util.List;
import java.util.Objects;

/**
 * What a flag's value or a positional argument completes with in shell completion ({@code --completion-bash}) and
 * in the interactive shell. The core supplies the names at completion time, so a plugin's commands get profiles,
 * backends and prompts that are current without knowing where they come from.
 */
public final class Completion {

    /** Where the candidates come from. */
    public enum Source {
        /** No candidates (an enum flag still completes with its values). */
        NONE,
        /** The fixed {@link Completion#values()}. */
        VALUES,
        /** Profile names of the AWS config file. */
        PROFILE,
        /** Keystore backends available here. */
        BACKEND,
        /** Prompt drivers available here. */
        PROMPT
    }

    public static final Completion NONE = new Completion(Source.NONE, List.of());
    public static final Completion PROFILE = new Completion(Source.PROFILE, List.of());
    public static final Completion BACKEND = new Completion(Source.BACKEND, List.of());
    public static final Completion PROMPT = new Completion(Source.PROMPT, List.of());

    private final Source source;
    private final List<String> values;

    private Completion(Source source, List<String> values) {
        this.source = source;
        this.values = List.copyOf(values);
    }

    /** Completes with exactly these values (kingpin's {@code HintOptions}). */
    public static Completion values(String... values) {
        return new Completion(Source.VALUES, List.of(values));
    }

    public Source source() {
        return source;
    }

    /** The fixed values of {@link Source#VALUES}; empty otherwise. */
    public List<String> values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion && ((Completion) o).source == source && ((Completion) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, values);
    }

    @Override
    public String toString() {
        return source == Source.VALUES ? "values" + values : source.name().toLowerCase(java.util.Locale.ROOT);
    }
}
