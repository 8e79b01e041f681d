package dev.awsvault.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.internal.cli.CommandLineParser;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

/** Opening keystores by name ({@code migrate-backend --from/--to}) next to the selected one. */
class DefaultVaultContextTest {
    @TempDir
    Path home;

    /** Records what was opened and closed. */
    static final class Backend implements KeystoreBackend {
        final String name;
        final boolean available;
        final List<String> events;

        Backend(String name, boolean available, List<String> events) {
            this.name = name;
            this.available = available;
            this.events = events;
        }

        @Override public String name() { return name; }
        @Override public boolean isAvailable(KeystoreContext c) { return available; }

        @Override
        public Keystore open(KeystoreContext c) {
            events.add("open " + name);
            return new Keystore() {
                final Map<String, KeystoreItem> items = new HashMap<>();
                @Override public List<String> keys() { return new ArrayList<>(items.keySet()); }
                @Override public Optional<KeystoreItem> get(String k) { return Optional.ofNullable(items.get(k)); }
                @Override public void set(KeystoreItem i) { items.put(i.key(), i); }
                @Override public boolean remove(String k) { return items.remove(k) != null; }
                @Override public void close() { events.add("close " + name); }
            };
        }
    }

    final List<String> events = new ArrayList<>();
    final Plugins plugins = new Plugins(List.of(new Plugins.Backend(new Backend("file", true, events), 700),
            new Plugins.Backend(new Backend("keychain", false, events), 200),
            new Plugins.Backend(new Backend("pass", true, events), 600),
            new Plugins.Backend(new Backend("op", true, events), Integer.MAX_VALUE)), List.of(), List.of(new Opener()));

    /** {@code open <backend>}: opens a keystore by name, as migrate-backend does. */
    static final class Opener implements Command {
        static final CommandSpec SPEC = CommandSpec.builder("open", "Open a backend by name")
                .arg(dev.awsvault.api.command.ArgSpec.required("backend", "name")).build();

        @Override public CommandSpec spec() { return SPEC; }

        @Override
        public int run(CommandContext ctx) {
            VaultContext vc = new VaultServiceComponent().context(ctx);
            vc.vault(ctx.arg("backend").orElseThrow());
            ctx.invocation().out().println(String.join(",", vc.availableBackends()));
            return 0;
        }
    }

    final class Run implements Invocation {
        final List<String> args;
        final Map<String, String> env = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        Run(String... args) {
            this.args = List.of(args);
            env.put("HOME", home.toString());
        }

        @Override public List<String> arguments() { return args; }
        @Override public Map<String, String> environment() { return env; }
        @Override public Path workingDirectory() { return home; }
        @Override public InputStream in() { return new ByteArrayInputStream(new byte[0]); }
        @Override public PrintStream out() { return o; }
        @Override public PrintStream err() { return e; }
        @Override public boolean isCancelled() { return false; }
        @Override public int handOver(ChildProgram child) { return 0; }

        @Override
        public Terminal terminal() {
            return new Terminal() {
                @Override public boolean isPresent() { return false; }
                @Override public boolean isOutputTerminal() { return false; }
                @Override public boolean isInputTerminal() { return false; }
                @Override public String readLine(String p) { return ""; }
                @Override public char[] readSecret(String p) { return new char[0]; }
            };
        }
    }

    private DefaultCommandContext context(String... args) {
        Run run = new Run(args);
        CommandLineParser parser = new CommandLineParser(GlobalFlags.all("", ""), plugins.specsByNameAndAlias());
        return new DefaultCommandContext(run, parser.parse(run.arguments(), run.environment()), plugins);
    }

    @Test
    void availableBackendsAreTheAvailableOnesInTheDefaultOrderIncludingOnlyNamedOnes() {
        DefaultVaultContext vc = context("open", "file").vaultContext();
        assertEquals(List.of("pass", "file", "op"), vc.availableBackends());
        assertTrue(events.isEmpty(), "listing opens nothing");
    }

    @Test
    void aNamedBackendIsOpenedOnceAndIsTheSelectedVaultWhenItIsTheSelectedBackend() {
        DefaultCommandContext cc = context("open", "file", "--backend", "file");
        DefaultVaultContext vc = cc.vaultContext();
        Vault file = vc.vault("file");
        assertSame(file, vc.vault("file"));
        assertSame(file, vc.vault());
        Vault op = vc.vault("op");
        assertSame(op, vc.vault("op"));
        assertEquals(List.of("open file", "open op"), events);
        cc.close();
        assertEquals(List.of("open file", "open op", "close file", "close op"), events);
    }

    @Test
    void theDefaultSelectionAndANamedBackendAreDistinctVaults() {
        DefaultCommandContext cc = context("open", "file");
        DefaultVaultContext vc = cc.vaultContext();
        Vault selected = vc.vault();
        Vault file = vc.vault("file");
        assertTrue(selected != file);
        assertEquals("pass", vc.backendName());
        cc.close();
        assertEquals(List.of("open pass", "open file", "close pass", "close file"), events);
    }

    @Test
    void anUnavailableOrUnknownNameIsKingpinsEnumErrorAndOpensNothing() {
        DefaultVaultContext vc = context("open", "file").vaultContext();
        UsageException e = assertThrows(UsageException.class, () -> vc.vault("keychain"));
        assertEquals("enum value must be one of pass,file,op, got 'keychain'", e.getMessage());
        e = assertThrows(UsageException.class, () -> vc.vault("nope"));
        assertEquals("enum value must be one of pass,file,op, got 'nope'", e.getMessage());
        assertTrue(events.isEmpty());
    }

    @Test
    void throughTheDispatcherTheErrorIsOneLineWithTheCommandPrefix() {
        Run bad = new Run("open", "nope");
        assertEquals(1, new Dispatcher("v1").run(bad, plugins));
        assertEquals("aws-vault: error: open: enum value must be one of pass,file,op, got 'nope', try --help\n",
                bad.err.toString(StandardCharsets.UTF_8));
        Run good = new Run("open", "op");
        assertEquals(0, new Dispatcher("v1").run(good, plugins));
        assertEquals("pass,file,op\n", good.out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("open op", "close op"), events, "the dispatcher closes what the command opened");
    }
}
