package dev.awsvault.core.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.core.internal.GlobalFlags;

class CommandLineParserTest {
    static final CommandSpec EXEC = CommandSpec.builder("exec", "Execute")
            .flag(FlagSpec.string("duration", "d").withShort('d'))
            .flag(FlagSpec.bool("no-session", "n").withShort('n'))
            .flag(FlagSpec.bool("json", "j").withShort('j'))
            .flag(FlagSpec.enumeration("format", "f", List.of("env", "json")).withDefault("env"))
            .arg(ArgSpec.required("profile", "p"))
            .arg(ArgSpec.optional("cmd", "c"))
            .arg(ArgSpec.remainder("args", "a"))
            .build();
    static final CommandSpec ADD = CommandSpec.builder("add", "Add")
            .flag(FlagSpec.bool("add-config", "a").withDefault("true"))
            .arg(ArgSpec.required("profile", "p"))
            .build();

    private final CommandLineParser parser = new CommandLineParser(GlobalFlags.all("", ""),
            Map.of("exec", EXEC, "add", ADD, "ls", ADD));

    private ParsedLine parse(String... args) {
        return parser.parse(List.of(args), Map.of());
    }

    @Test
    void globalFlagsMayComeAnywhere() {
        ParsedLine l = parse("--debug", "exec", "prod", "--backend", "file", "-n", "--", "aws", "s3", "--debug");
        assertTrue(l.isSet("debug"));
        assertEquals("file", l.flag("backend").orElseThrow());
        assertTrue(l.isSet("no-session"));
        assertEquals("prod", l.arg("profile").orElseThrow());
        assertEquals("aws", l.arg("cmd").orElseThrow());
        assertEquals(List.of("s3", "--debug"), l.remainder());
    }

    @Test
    void flagsAfterPositionalsAreStillFlagsUntilDoubleDash() {
        UsageException e = assertThrows(UsageException.class, () -> parse("exec", "prod", "aws", "s3", "ls", "--recursive"));
        assertEquals("unknown long flag '--recursive'", e.getMessage());
    }

    @Test
    void everyBooleanHasANoForm() {
        assertFalse(parse("add", "p", "--no-add-config").isSet("add-config"));
        assertTrue(parse("add", "p").isSet("add-config"));
        assertFalse(parse("add", "p", "--add-config", "--no-add-config").isSet("add-config"));
        assertFalse(parse("--no-debug", "add", "p").isSet("debug"));
    }

    @Test
    void shortFlagsCombineAndTakeValues() {
        ParsedLine l = parse("exec", "-nj", "-d1h", "prod");
        assertTrue(l.isSet("no-session"));
        assertTrue(l.isSet("json"));
        assertEquals("1h", l.flag("duration").orElseThrow());
        assertEquals("2h", parse("exec", "-d", "2h", "prod").flag("duration").orElseThrow());
        assertEquals("3h", parse("exec", "--duration=3h", "prod").flag("duration").orElseThrow());
    }

    @Test
    void enumValuesAreCheckedWithKingpinsMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("exec", "p", "--format", "yaml"));
        assertEquals("enum value must be one of env,json, got 'yaml'", e.getMessage());
        assertEquals("env", parse("exec", "p").flag("format").orElseThrow());
    }

    @Test
    void environmentSuppliesDefaults() {
        ParsedLine l = parser.parse(List.of("add", "p"), Map.of("AWS_VAULT_BACKEND", "pass", "AWS_VAULT_FILE_DIR", ""));
        assertEquals("pass", l.flag("backend").orElseThrow());
        assertFalse(l.isGiven("backend"));
        assertEquals("~/.awsvault/keys/", l.flag("file-dir").orElseThrow(), "empty env var keeps the default");
        assertEquals("cli", parser.parse(List.of("add", "p", "--backend=cli"), Map.of("AWS_VAULT_BACKEND", "pass"))
                .flag("backend").orElseThrow());
    }

    @Test
    void kingpinErrors() {
        assertEquals("required argument 'profile' not provided",
                assertThrows(UsageException.class, () -> parse("add")).getMessage());
        assertEquals("expected command but got \"nope\"",
                assertThrows(UsageException.class, () -> parse("nope")).getMessage());
        assertEquals("command not specified", assertThrows(UsageException.class, () -> parse("--debug")).getMessage());
        assertEquals("unknown short flag '-x'", assertThrows(UsageException.class, () -> parse("add", "-x", "p")).getMessage());
        assertEquals("expected argument for flag '--duration'",
                assertThrows(UsageException.class, () -> parse("exec", "p", "--duration")).getMessage());
        assertEquals("unexpected extra", assertThrows(UsageException.class, () -> parse("add", "p", "extra")).getMessage());
    }

    @Test
    void aliasesAndHelp() {
        assertEquals("add", parse("ls", "p").command().orElseThrow().name());
        assertTrue(parse("--help").helpRequested());
        ParsedLine h = parse("exec", "--help");
        assertTrue(h.helpRequested());
        assertEquals("exec", h.command().orElseThrow().name());
        assertEquals("exec", parse("help", "exec").command().orElseThrow().name());
    }
}
