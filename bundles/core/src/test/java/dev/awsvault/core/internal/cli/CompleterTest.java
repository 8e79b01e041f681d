package dev.awsvault.core.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;

class CompleterTest {
    static final List<String> PROFILES = List.of("dev", "dev-admin", "prod");

    final List<String> asked = new ArrayList<>();

    final Completer.Names names = new Completer.Names() {
        @Override public List<String> profiles() { asked.add("profiles"); return PROFILES; }
        @Override public List<String> backends() { asked.add("backends"); return List.of("file", "pass"); }
        @Override public List<String> prompts() { asked.add("prompts"); return List.of("terminal", "zenity"); }
    };

    static final CommandSpec EXEC = CommandSpec.builder("exec", "Execute")
            .flag(FlagSpec.string("duration", "d").withShort('d'))
            .flag(FlagSpec.bool("no-session", "n").withShort('n'))
            .flag(FlagSpec.bool("json", "j").asHidden())
            .arg(ArgSpec.optional("profile", "p").withCompletion(Completion.PROFILE))
            .arg(ArgSpec.optional("cmd", "c"))
            .arg(ArgSpec.remainder("args", "a"))
            .build();
    static final CommandSpec EXPORT = CommandSpec.builder("export", "Export")
            .flag(FlagSpec.enumeration("format", "f", List.of("env", "export-env", "json", "ini")))
            .arg(ArgSpec.optional("profile", "p").withCompletion(Completion.PROFILE))
            .build();
    static final CommandSpec LIST = CommandSpec.builder("list", "List").alias("ls")
            .flag(FlagSpec.bool("profiles", "p")).build();
    static final CommandSpec LOGIN = CommandSpec.builder("login", "Login")
            .flag(FlagSpec.bool("stdout", "s").withShort('s'))
            .arg(ArgSpec.optional("profile", "p").withCompletion(Completion.PROFILE)).build();
    static final CommandSpec MIGRATE = CommandSpec.builder("migrate-backend", "Migrate")
            .flag(FlagSpec.string("from", "f").withCompletion(Completion.BACKEND))
            .flag(FlagSpec.string("mode", "m").withCompletion(Completion.values("fast", "slow"))).build();
    static final CommandSpec PROXY = CommandSpec.builder("proxy", "Proxy").alias("server").hidden().build();

    final Completer completer = new Completer(appFlags(),
            List.of(BuiltinFlags.HELP_COMMAND, EXEC, EXPORT, LIST, LOGIN, MIGRATE, PROXY), names);

    static List<FlagSpec> appFlags() {
        List<FlagSpec> f = new ArrayList<>(BuiltinFlags.all());
        f.add(FlagSpec.bool("debug", "Show debugging output"));
        f.add(FlagSpec.string("backend", "b").withCompletion(Completion.BACKEND));
        f.add(FlagSpec.string("prompt", "p").withCompletion(Completion.PROMPT));
        f.add(FlagSpec.string("file-dir", "d"));
        return f;
    }

    List<String> complete(String... words) {
        return completer.complete(Arrays.asList(words));
    }

    static final List<String> COMMANDS = List.of("help", "exec", "export", "list", "login", "migrate-backend");
    static final List<String> TOP_FLAGS = List.of("--help", "--debug", "--backend", "--prompt", "--file-dir");

    @Test
    void commandsAtTheStartNeverHiddenOnesNorAliases() {
        assertEquals(COMMANDS, complete());
        assertEquals(COMMANDS, complete(""));
        assertEquals(COMMANDS, complete("ex"), "the shell filters commands, as kingpin leaves it to compgen");
        assertEquals(COMMANDS, complete("--debug", ""), "after a boolean flag");
    }

    @Test
    void profileArgumentsOfferTheConfigsProfiles() {
        assertEquals(PROFILES, complete("exec", ""));
        assertEquals(PROFILES, complete("login", "-s", ""), "login -s is a flag, the profile still comes next");
        assertEquals(PROFILES, complete("export", "--format", "json", ""));
        assertEquals(List.of(), complete("ls", ""), "list (by its alias) takes no profile");
        assertEquals(List.of(), complete("list", ""));
    }

    @Test
    void aPartialProfileIsFilteredAndAFullOneStillOffered() {
        assertEquals(List.of("dev", "dev-admin"), complete("exec", "de"));
        assertEquals(List.of("dev", "dev-admin"), complete("exec", "dev"), "dev is complete yet a prefix of dev-admin");
        assertEquals(List.of(), complete("exec", "zzz"));
        assertEquals(List.of(), complete("exec", "dev", ""), "the command to run is the shell's business");
    }

    @Test
    void flagsOfTheCommandThenTheGlobalOnesNotHidden() {
        List<String> exec = new ArrayList<>(List.of("--duration", "--no-session"));
        exec.addAll(TOP_FLAGS);
        assertEquals(exec, complete("exec", "--"));
        assertEquals(exec, complete("exec", "dev", "--du"));
        assertEquals(TOP_FLAGS, complete("--"));
        assertEquals(TOP_FLAGS, complete("--ba"));
        assertTrue(complete("--").stream().noneMatch(f -> f.contains("completion") || f.equals("--json")));
    }

    @Test
    void flagValues() {
        assertEquals(List.of("file", "pass"), complete("--backend", ""));
        assertEquals(List.of("file", "pass"), complete("exec", "--backend", "fi"));
        assertEquals(List.of("file", "pass"), complete("exec", "--backend", "file"), "a full value is still offered");
        assertEquals(List.of("terminal", "zenity"), complete("login", "--prompt", ""));
        assertEquals(List.of("env", "export-env", "json", "ini"), complete("export", "--format", ""));
        assertEquals(List.of("file", "pass"), complete("migrate-backend", "--from", ""));
        assertEquals(List.of("fast", "slow"), complete("migrate-backend", "--mode", ""));
        assertEquals(List.of("env", "export-env", "json", "ini"), complete("export", "--format", "=", "js"),
                "bash splits --format=js at the =");
        assertEquals(PROFILES, complete("exec", "--duration", ""), "a value with nothing to offer: kingpin goes on");
    }

    @Test
    void globalFlagsAnywhere() {
        assertEquals(PROFILES, complete("--backend", "file", "exec", ""));
        assertEquals(PROFILES, complete("exec", "--backend=file", "--debug", ""));
        assertEquals(PROFILES, complete("exec", "--no-debug", ""));
        assertEquals(PROFILES, complete("exec", "-n", "-d", "1h", ""));
        assertEquals(List.of(), complete("exec", "-nd1h", "dev", ""));
    }

    @Test
    void nothingAfterDoubleDash() {
        assertEquals(List.of(), complete("exec", "dev", "--", ""));
        assertEquals(List.of(), complete("exec", "--", "de"));
        assertEquals(List.of(), complete("exec", "dev", "--", "ls", "--"));
        assertEquals(List.of("--duration", "--no-session", "--help", "--debug", "--backend", "--prompt", "--file-dir"),
                complete("exec", "--"), "-- being typed is a flag prefix");
    }

    @Test
    void anUnknownWordStopsTheParseQuietly() {
        assertEquals(COMMANDS, complete("nope", ""));
        assertEquals(COMMANDS, complete("--bogus", "exec", ""));
        assertEquals(List.of(), complete("list", "extra", ""));
    }

    @Test
    void namesAreLookedUpOnlyWhenNeeded() {
        complete("exec", "--");
        complete("");
        assertEquals(List.of(), asked);
        complete("exec", "");
        assertEquals(List.of("profiles"), asked);
    }

    @Test
    void helpCommandAndSelectedCommand() {
        assertEquals(List.of(), complete("help", ""));
        assertEquals(EXEC, completer.selectedCommand(List.of("--help-long", "exec")));
        assertEquals(PROXY, completer.selectedCommand(List.of("server")));
    }
}
