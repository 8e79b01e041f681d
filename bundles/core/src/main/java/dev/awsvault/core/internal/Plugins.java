package dev.awsvault.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.prompt.PromptDriver;

/**
 * A snapshot of the registered plugins, taken once per invocation so a bundle coming or going mid-command cannot
 * change what the command sees. Backends are ordered by their default-order property, then name.
 */
public final class Plugins {

    /** A backend with its default-order position. */
    public static final class Backend {
        final KeystoreBackend service;
        final int order;

        public Backend(KeystoreBackend service, int order) {
            this.service = service;
            this.order = order;
        }

        public KeystoreBackend service() {
            return service;
        }

        public String name() {
            return service.name();
        }

        /** Whether the backend takes part in the default choice. */
        public boolean defaultCandidate() {
            return order != Integer.MAX_VALUE;
        }
    }

    private final List<Backend> backends;
    private final List<PromptDriver> prompts;
    private final Map<String, Command> commands;

    public Plugins(List<Backend> backends, List<PromptDriver> prompts, List<Command> commands) {
        List<Backend> b = new ArrayList<>(backends);
        b.sort(Comparator.<Backend>comparingInt(x -> x.order).thenComparing(Backend::name));
        this.backends = List.copyOf(b);
        List<PromptDriver> p = new ArrayList<>(prompts);
        p.sort(Comparator.comparing(PromptDriver::name));
        this.prompts = List.copyOf(p);
        Map<String, Command> c = new LinkedHashMap<>();
        List<Command> sorted = new ArrayList<>(commands);
        sorted.sort(Comparator.comparing(x -> x.spec().name()));
        for (Command cmd : sorted) {
            c.putIfAbsent(cmd.spec().name(), cmd);
        }
        this.commands = c;
    }

    public List<Backend> backends() {
        return backends;
    }

    /** Prompt drivers in alphabetical order, as the original walks them. */
    public List<PromptDriver> prompts() {
        return prompts;
    }

    /** Commands by name, sorted. */
    public Map<String, Command> commands() {
        return commands;
    }

    /** Commands by name and alias, for the parser. */
    public Map<String, CommandSpec> specsByNameAndAlias() {
        Map<String, CommandSpec> m = new LinkedHashMap<>();
        for (Command c : commands.values()) {
            CommandSpec s = c.spec();
            m.put(s.name(), s);
            for (String alias : s.aliases()) {
                m.putIfAbsent(alias, s);
            }
        }
        return m;
    }
}
