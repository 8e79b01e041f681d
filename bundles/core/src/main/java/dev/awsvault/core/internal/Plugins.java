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
import dev.awsvault.api.source.CredentialSource;

/**
 * A snapshot of the registered plugins, taken once per invocation so a bundle coming or going mid-command cannot
 * change what the command sees. Backends are ordered by their default-order property, then name.
 */
public final class Plugins {

    /** A backend with its default-order position. */
    public static final class Backend {
        final KeystoreBackend service;
        final int order;
        final String name;

        public Backend(KeystoreBackend service, int order) {
            this(service, order, service.name());
        }

        /** @param name the backend's {@link KeystoreBackend#NAME} property, so a plugin's throwing name() is never called */
        public Backend(KeystoreBackend service, int order, String name) {
            this.service = service;
            this.order = order;
            this.name = name;
        }

        public KeystoreBackend service() {
            return service;
        }

        public String name() {
            return name;
        }

        /** Whether the backend takes part in the default choice. */
        public boolean defaultCandidate() {
            return order != Integer.MAX_VALUE;
        }
    }

    /** A credential source with its kind and ranking. */
    public static final class Source {
        final CredentialSource service;
        final boolean wrapper;
        final int ranking;

        public Source(CredentialSource service, boolean wrapper, int ranking) {
            this.service = service;
            this.wrapper = wrapper;
            this.ranking = ranking;
        }
    }

    private final List<Backend> backends;
    private final List<PromptDriver> prompts;
    private final Map<String, Command> commands;
    private final java.util.function.Supplier<List<Source>> sourceLoader;
    private List<Source> sources;
    private dev.awsvault.invocation.SecretCache secretCache;

    public Plugins(List<Backend> backends, List<PromptDriver> prompts, List<Command> commands) {
        this(backends, prompts, commands, List::of);
    }

    /**
     * @param sourceLoader the credential sources, asked for at most once and only when a command needs one: their
     *                     bundles (and the AWS SDK under them) are started on demand
     * @param backends     in precedence order: of several backends with one name only the first is kept (the core
     *                     passes them in bundle order, so a built-in backend wins over a plugin's of the same name)
     */
    public Plugins(List<Backend> backends, List<PromptDriver> prompts, List<Command> commands,
            java.util.function.Supplier<List<Source>> sourceLoader) {
        this.sourceLoader = sourceLoader;
        Map<String, Backend> byName = new LinkedHashMap<>();
        for (Backend backend : backends) {
            byName.putIfAbsent(backend.name(), backend);
        }
        List<Backend> b = new ArrayList<>(byName.values());
        b.sort(Comparator.<Backend>comparingInt(x -> x.order).thenComparing(Backend::name));
        this.backends = List.copyOf(b);
        Map<String, PromptDriver> promptsByName = new LinkedHashMap<>();
        for (PromptDriver prompt : prompts) {
            promptsByName.putIfAbsent(prompt.name(), prompt);
        }
        List<PromptDriver> p = new ArrayList<>(promptsByName.values());
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

    /** This snapshot with the agent's secret cache (null outside an agent). */
    public Plugins withSecretCache(dev.awsvault.invocation.SecretCache cache) {
        this.secretCache = cache;
        return this;
    }

    /** The agent's secret cache, or null when the command does not run inside an agent. */
    public dev.awsvault.invocation.SecretCache secretCache() {
        return secretCache;
    }

    public List<Backend> backends() {
        return backends;
    }

    /** Prompt drivers in alphabetical order, as the original walks them. */
    public List<PromptDriver> prompts() {
        return prompts;
    }

    private synchronized List<Source> sources() {
        if (sources == null) {
            List<Source> s = new ArrayList<>(sourceLoader.get());
            s.sort(Comparator.<Source>comparingInt(x -> -x.ranking).thenComparing(x -> x.service.name()));
            sources = List.copyOf(s);
        }
        return sources;
    }

    /** The source registered under {@code name} (the first by ranking when several are). */
    public java.util.Optional<CredentialSource> source(String name) {
        return sources().stream().filter(x -> x.service.name().equals(name)).map(x -> x.service).findFirst();
    }

    /** Base sources, highest ranking first. */
    public List<CredentialSource> baseSources() {
        List<CredentialSource> base = new ArrayList<>();
        for (Source x : sources()) {
            if (!x.wrapper) {
                base.add(x.service);
            }
        }
        return base;
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
