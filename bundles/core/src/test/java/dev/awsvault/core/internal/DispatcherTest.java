package dev.awsvault.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

class DispatcherTest {
    @TempDir
    Path home;

    static final class Backend implements KeystoreBackend {
        final String name;
        final boolean available;
        final List<String> opened = new ArrayList<>();

        Backend(String name, boolean available) {
            this.name = name;
            this.available = available;
        }

        @Override public String name() { return name; }
        @Override public boolean isAvailable(KeystoreContext c) { return available; }

        @Override
        public Keystore open(KeystoreContext c) {
            opened.add(name);
            return new Keystore() {
                final Map<String, KeystoreItem> items = new HashMap<>();
                @Override public List<String> keys() { return new ArrayList<>(items.keySet()); }
                @Override public Optional<KeystoreItem> get(String k) { return Optional.ofNullable(items.get(k)); }
                @Override public void set(KeystoreItem i) { items.put(i.key(), i); }
                @Override public boolean remove(String k) { return items.remove(k) != null; }
            };
        }
    }

    static final class Prompt implements PromptDriver {
        final String name;
        Prompt(String name) { this.name = name; }
        @Override public String name() { return name; }
        @Override public boolean isAvailable(PromptContext c) { return true; }
        @Override public String prompt(PromptRequest r, PromptContext c) { return "x"; }
    }

    /** A command that reports which backend and prompt the core selected, or fails as told. */
    static final class Probe implements Command {
        RuntimeException failure;

        @Override
        public CommandSpec spec() {
            return CommandSpec.builder("probe", "Probe")
                    .arg(ArgSpec.optional("profile", "p").withCompletion(dev.awsvault.api.command.Completion.PROFILE))
                    .build();
        }

        @Override
        public int run(CommandContext ctx) {
            if (failure != null) {
                throw failure;
            }
            DefaultVaultContext vc = new CoreComponentForTest().context(ctx);
            ctx.invocation().out().println(vc.backendName() + " " + vc.promptDriver(false).name());
            return 3;
        }
    }

    /** The production context lookup without DS. */
    static final class CoreComponentForTest {
        DefaultVaultContext context(CommandContext ctx) {
            return ((DefaultCommandContext) ctx).vaultContext();
        }
    }

    final class Run implements Invocation {
        final List<String> args;
        final Map<String, String> env = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        boolean stdoutTty = true;

        Run(String... args) {
            this.args = List.of(args);
            env.put("HOME", home.toString());
            env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        }

        String stdout() { return out.toString(StandardCharsets.UTF_8); }
        String stderr() { return err.toString(StandardCharsets.UTF_8); }

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
                @Override public boolean isOutputTerminal() { return stdoutTty; }
                @Override public boolean isInputTerminal() { return false; }
                @Override public String readLine(String p) { return ""; }
                @Override public char[] readSecret(String p) { return new char[0]; }
            };
        }
    }

    final Backend keychain = new Backend("keychain", false);
    final Backend pass = new Backend("pass", true);
    final Backend file = new Backend("file", true);
    final Probe probe = new Probe();

    private int run(Run r) {
        Plugins plugins = new Plugins(List.of(new Plugins.Backend(file, 700), new Plugins.Backend(keychain, 200),
                new Plugins.Backend(pass, 600)), List.of(new Prompt("zenity"), new Prompt("terminal"), new Prompt("kdialog")),
                List.of(probe));
        return new Dispatcher("v1.2.3").run(r, plugins);
    }

    @Test
    void defaultBackendIsTheFirstAvailableInTheOriginalsOrder() {
        Run r = new Run("probe");
        assertEquals(3, run(r));
        assertEquals("pass terminal\n", r.stdout());
    }

    @Test
    void namedBackendMustBeAvailable() {
        Run r = new Run("probe", "--backend", "keychain");
        assertEquals(1, run(r));
        assertEquals("aws-vault: error: enum value must be one of pass,file, got 'keychain', try --help\n", r.stderr());
        Run env = new Run("probe");
        env.env.put("AWS_VAULT_BACKEND", "file");
        assertEquals(3, run(env));
        assertEquals("file terminal\n", env.stdout());
        assertTrue(keychain.opened.isEmpty());
    }

    @Test
    void promptPassIsFatalWithTheMfaProcessHint() {
        Run r = new Run("probe");
        r.env.put("AWS_VAULT_PROMPT", "pass");
        assertEquals(1, run(r));
        assertTrue(r.stderr().startsWith("aws-vault: error: --prompt=pass"), r.stderr());
        assertTrue(r.stderr().contains("mfa_process = pass otp"));
        assertEquals(1, r.stderr().lines().count());
    }

    @Test
    void withoutATerminalTheFirstNonTerminalPromptIsChosen() {
        Run r = new Run("probe");
        r.stdoutTty = false;
        run(r);
        assertEquals("pass kdialog\n", r.stdout());
    }

    @Test
    void errorsAreOneLineWithTheCommandPrefixAndNoTrace() {
        probe.failure = new AwsVaultException("something\nbroke");
        Run r = new Run("probe");
        assertEquals(1, run(r));
        assertEquals("aws-vault: error: probe: something broke\n", r.stderr());
        probe.failure = new IllegalStateException("boom");
        Run u = new Run("probe");
        assertEquals(1, run(u));
        assertEquals("aws-vault: error: probe: IllegalStateException: boom\n", u.stderr());
        Run d = new Run("probe", "--debug");
        run(d);
        assertTrue(d.stderr().contains("\tat "), "--debug shows the trace");
    }

    @Test
    void usageErrorsVersionAndHelp() {
        Run bad = new Run("nope");
        assertEquals(1, run(bad));
        assertEquals("aws-vault: error: expected command but got \"nope\", try --help\n", bad.stderr());
        Run v = new Run("--version");
        assertEquals(0, run(v));
        assertEquals("v1.2.3\n", v.stdout());
        Run h = new Run("--help");
        assertEquals(0, run(h));
        assertTrue(h.stdout().startsWith("usage: aws-vault [<flags>] <command> [<args> ...]"), h.stdout());
        assertTrue(h.stdout().contains("Secret backend to use [pass file] ($AWS_VAULT_BACKEND)"), h.stdout());
        assertFalse(h.stdout().contains("[keychain"));
        Run hc = new Run("probe", "--help");
        assertEquals(0, run(hc));
        assertTrue(hc.stdout().startsWith("usage: aws-vault probe [<profile>]"), hc.stdout());
    }

    @Test
    void completionBashListsProfilesOfTheConfigWithoutTouchingAKeystore() throws Exception {
        java.nio.file.Files.writeString(home.resolve("config"), "[default]\nregion=eu-west-1\n[profile work]\n"
                + "[profile work-admin]\nsource_profile=work\n[sso-session s]\n");
        Run r = new Run("--completion-bash", "probe", "");
        assertEquals(0, run(r));
        assertEquals("default\nwork\nwork-admin", r.stdout(), "kingpin's output: no newline after the last");
        assertEquals("", r.stderr());
        assertTrue(file.opened.isEmpty() && pass.opened.isEmpty(), "no keystore opened");
        Run partial = new Run("--completion-bash", "probe", "work");
        run(partial);
        assertEquals("work\nwork-admin", partial.stdout());
        Run zsh = new Run("--completion-bash", "aws-vault", "probe", "");
        run(zsh);
        assertEquals("default\nwork\nwork-admin", zsh.stdout(), "kingpin's zsh script passes the program name");
    }

    @Test
    void completionBashOffersCommandsFlagsBackendsAndPrompts() {
        Run r = new Run("--completion-bash", "");
        assertEquals(0, run(r));
        assertEquals("help\nprobe", r.stdout());
        Run flags = new Run("--completion-bash", "--");
        run(flags);
        assertEquals(List.of("--help", "--version", "--debug", "--backend", "--prompt", "--keychain",
                "--secret-service-collection", "--pass-dir", "--pass-cmd", "--pass-prefix", "--file-dir"),
                flags.stdout().lines().toList());
        Run backends = new Run("--completion-bash", "probe", "--backend", "");
        run(backends);
        assertEquals("pass\nfile", backends.stdout(), "the available backends, in the default order");
        Run prompts = new Run("--completion-bash", "--prompt", "");
        run(prompts);
        assertEquals("kdialog\nterminal\nzenity", prompts.stdout());
    }

    @Test
    void completionNeverFailsNorCreatesTheConfig() throws Exception {
        Run missing = new Run("--completion-bash", "probe", "");
        assertEquals(0, run(missing));
        assertEquals("", missing.stdout());
        assertFalse(java.nio.file.Files.exists(home.resolve("config")), "completion creates no config file");
        java.nio.file.Files.writeString(home.resolve("config"), "[profile broken\nregion\n");
        Run malformed = new Run("--completion-bash", "probe", "");
        assertEquals(0, run(malformed));
        assertEquals("", malformed.stdout());
        assertEquals("", malformed.stderr());
    }

    @Test
    void completionScriptsAreKingpinsText() {
        Run bash = new Run("--completion-script-bash");
        assertEquals(0, run(bash));
        assertTrue(bash.stdout().startsWith("\n_aws-vault_bash_autocomplete() {\n    local cur prev opts base\n"),
                bash.stdout());
        assertTrue(bash.stdout().endsWith("complete -F _aws-vault_bash_autocomplete -o default aws-vault\n\n"));
        Run zsh = new Run("--completion-script-zsh");
        run(zsh);
        assertTrue(zsh.stdout().startsWith("#compdef aws-vault\n"));
        assertTrue(zsh.stdout().contains("--completion-bash \"${(@)words[1,$CURRENT]}\""));
        Run fish = new Run("--completion-script-fish");
        run(fish);
        assertTrue(fish.stdout().contains("--completion-bash $words (commandline -ct)"), fish.stdout());
    }

    @Test
    void longHelpAndManPage() {
        Run lh = new Run("--help-long");
        assertEquals(0, run(lh));
        String out = lh.stdout();
        assertTrue(out.startsWith("usage: aws-vault [<flags>] <command> [<args> ...]\n\nA vault for"), out);
        assertTrue(out.contains("\n  --[no-]help                Show context-sensitive help"), out);
        assertTrue(out.contains("\n  --backend=pass             Secret backend to use [pass file] ($AWS_VAULT_BACKEND)\n"),
                out);
        assertTrue(out.contains("\n  --keychain=\"aws-vault\"     Name of macOS keychain"), out);
        assertTrue(out.contains("\n  --secret-service-collection=\"awsvault\"  \n                             Name of"),
                "a first column of 30 or more stands alone: " + out);
        assertTrue(out.contains("\nCommands:\n  help [<command>...]\n    Show help.\n\n\n  probe [<profile>]\n    Probe\n"),
                out);
        assertFalse(out.contains("--help-long="), "hidden flags stay hidden");
        Run man = new Run("--help-man");
        assertEquals(0, run(man));
        assertTrue(man.stdout().startsWith(".TH aws-vault 1 v1.2.3 \"\"\n.SH \"NAME\"\naws-vault\n.SH \"SYNOPSIS\"\n.TP\n"
                + "\\fBaws-vault [<flags>] <command> [<args> ...]\\fR\n\n.SH \"DESCRIPTION\"\n"), man.stdout());
        assertTrue(man.stdout().contains(".TP\n\\fB--debug\\fR\nShow debugging output\n"), man.stdout());
        assertTrue(man.stdout().contains(".SH \"COMMANDS\"\n.SS\n\\fBhelp [<command>...]\\fR\n.PP\nShow help.\n"));
    }
}
