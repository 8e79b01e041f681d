package dev.awsvault.commands;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

/** In-memory stand-ins so each verb is tested without a framework, a terminal or a disk vault. */
final class Fakes {
    private Fakes() {
    }

    static final class MemoryKeystore implements Keystore {
        final Map<String, KeystoreItem> items = new TreeMap<>();
        /** Keys whose writes store a changed payload (text replaced), like a backend that loses data. */
        final Map<String, String[]> garbleWrites = new HashMap<>();
        /** Thrown by every get, e.g. a WrongPassphraseException. */
        KeystoreException failReads;
        final List<String> calls = new ArrayList<>();

        @Override public List<String> keys() { return new ArrayList<>(items.keySet()); }

        @Override
        public Optional<KeystoreItem> get(String key) {
            calls.add("get " + key);
            if (failReads != null) {
                throw failReads;
            }
            return Optional.ofNullable(items.get(key));
        }

        @Override
        public void set(KeystoreItem item) {
            calls.add("set " + item.key());
            String[] garble = garbleWrites.get(item.key());
            if (garble != null) {
                byte[] data = new String(item.data(), StandardCharsets.UTF_8).replace(garble[0], garble[1])
                        .getBytes(StandardCharsets.UTF_8);
                item = new KeystoreItem(item.key(), data, item.label(), item.description(),
                        item.keychainNotTrustApplication(), item.keychainNotSynchronizable());
            }
            items.put(item.key(), item);
        }

        @Override public boolean remove(String key) { calls.add("remove " + key); return items.remove(key) != null; }
    }

    static class ScriptedTerminal implements Terminal {
        final List<String> answers;
        final List<String> asked = new ArrayList<>();
        boolean outputTerminal;
        boolean present = true;

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override public boolean isPresent() { return present; }
        @Override public boolean isOutputTerminal() { return outputTerminal; }
        @Override public boolean isInputTerminal() { return true; }
        @Override public String readLine(String prompt) { asked.add(prompt); return answers.remove(0); }
        @Override public char[] readSecret(String prompt) { asked.add(prompt); return answers.remove(0).toCharArray(); }
    }

    /** An invocation capturing its output and the program it was handed over to. */
    static final class TestInvocation implements Invocation {
        final List<String> args;
        final Map<String, String> env;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final ScriptedTerminal terminal;
        ChildProgram child;

        TestInvocation(List<String> args, Map<String, String> env, ScriptedTerminal terminal) {
            this.args = args;
            this.env = Map.copyOf(env);
            this.terminal = terminal;
        }

        String stdout() { return out.toString(StandardCharsets.UTF_8); }
        String stderr() { return err.toString(StandardCharsets.UTF_8); }

        @Override public List<String> arguments() { return args; }
        @Override public Map<String, String> environment() { return env; }
        @Override public Path workingDirectory() { return Path.of("/"); }
        @Override public InputStream in() { return new ByteArrayInputStream(new byte[0]); }
        @Override public PrintStream out() { return outStream; }
        @Override public PrintStream err() { return errStream; }
        @Override public Terminal terminal() { return terminal; }
        @Override public boolean isCancelled() { return false; }
        @Override public int handOver(ChildProgram program) { this.child = program; return HANDED_OVER; }
    }

    /** A command context from explicit flag values and arguments (the core's parser is tested on its own). */
    static final class Context implements CommandContext {
        final TestInvocation invocation;
        final CommandSpec spec;
        final Map<String, String> flags = new HashMap<>();
        final Map<String, String> args = new LinkedHashMap<>();
        final List<String> rest = new ArrayList<>();

        Context(CommandSpec spec, TestInvocation invocation) {
            this.spec = spec;
            this.invocation = invocation;
        }

        Context flag(String name, String value) { flags.put(name, value); return this; }
        Context arg(String name, String value) { args.put(name, value); return this; }

        @Override public Invocation invocation() { return invocation; }

        @Override
        public Optional<String> flag(String longName) {
            if (flags.containsKey(longName)) {
                return Optional.of(flags.get(longName));
            }
            return spec.flag(longName).flatMap(FlagSpec::defaultValue);
        }

        @Override public boolean isSet(String longName) { return flag(longName).map("true"::equals).orElse(false); }
        @Override public boolean isGiven(String longName) { return flags.containsKey(longName); }
        @Override public Optional<String> arg(String name) { return Optional.ofNullable(args.get(name)); }
        @Override public List<String> args(String name) { return rest; }
        @Override public boolean debug() { return false; }
        @Override public void debug(String message) { }
    }

    /**
     * A vault service over a memory keystore (the selected backend, {@code memory}) and a config file on disk; more
     * named memory keystores can be added for commands that open backends by name.
     */
    static final class Service implements VaultService, VaultContext {
        final MemoryKeystore keystore = new MemoryKeystore();
        final Map<String, MemoryKeystore> named = new LinkedHashMap<>();
        final Map<String, String> env = new HashMap<>();
        final Path configPath;
        final Path home;

        Service(Path home, Path configPath) {
            this.home = home;
            this.configPath = configPath;
        }

        @Override public VaultContext context(CommandContext command) { return this; }
        @Override public Path homeDirectory() { return home; }
        @Override public Path configPath() { return configPath; }
        @Override public ConfigFile config() { return ConfigFile.load(configPath); }
        @Override public String backendName() { return "memory"; }
        @Override public Vault vault() { return new Vault(keystore); }

        /** Like the core: an unknown name is kingpin's enum error over the available names. */
        @Override
        public Vault vault(String backendName) {
            if (backendName.equals(backendName())) {
                return vault();
            }
            MemoryKeystore k = named.get(backendName);
            if (k == null) {
                throw new UsageException("enum value must be one of " + String.join(",", availableBackends()) + ", got '"
                        + backendName + "'");
            }
            return new Vault(k);
        }

        @Override
        public List<String> availableBackends() {
            List<String> names = new ArrayList<>(named.keySet());
            names.add(backendName());
            return names;
        }

        MemoryKeystore named(String name) {
            return named.computeIfAbsent(name, n -> new MemoryKeystore());
        }
        @Override public PromptDriver promptDriver(boolean avoidTerminal) { throw new UnsupportedOperationException(); }
        @Override public dev.awsvault.api.prompt.PromptContext promptContext() { throw new UnsupportedOperationException(); }
        @Override public Map<String, String> environment() { return env; }
        @Override public PrintStream messages() { return System.err; }
        @Override public Optional<dev.awsvault.api.source.CredentialSource> credentialSource(String name) { return Optional.empty(); }
        @Override public List<dev.awsvault.api.source.CredentialSource> baseCredentialSources() { return List.of(); }
    }
}
