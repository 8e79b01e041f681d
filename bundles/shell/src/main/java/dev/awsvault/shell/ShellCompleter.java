package dev.awsvault.shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * Tab completion from the core itself: asks the runner {@code --completion-bash <words so far> <partial word>} (the
 * original's kingpin flag, which prints the candidates for that position one a line: commands, flags, profile names,
 * backend and prompt names) and offers the lines that start with the partial word. The shell's own words
 * ({@code help}, {@code exit}, {@code quit}) are offered first.
 */
final class ShellCompleter implements Completer {
    static final List<String> BUILT_INS = List.of("help", "exit", "quit");

    private final CommandRunner runner;
    private final Invocation shell;

    ShellCompleter(CommandRunner runner, Invocation shell) {
        this.runner = runner;
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        String partial = line.word().substring(0, line.wordCursor());
        for (String candidate : candidates(before, partial)) {
            candidates.add(new Candidate(candidate, candidate, null, null, null, null, true));
        }
    }

    /** The candidates for the word after {@code before} that start with {@code partial}. */
    List<String> candidates(List<String> before, String partial) {
        Set<String> result = new LinkedHashSet<>();
        if (before.isEmpty()) {
            BUILT_INS.stream().filter(b -> b.startsWith(partial)).forEach(result::add);
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("--completion-bash");
        arguments.addAll(before);
        arguments.add(partial);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream discarded = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandRun run = new CommandRun();
        try {
            runner.run(new NestedInvocation(arguments, shell, out, discarded, NO_TERMINAL, run, false));
        } catch (RuntimeException e) {
            return List.copyOf(result); // completion offers nothing rather than breaking the line being edited
        }
        for (String candidate : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            String c = candidate.strip();
            if (!c.isEmpty() && c.startsWith(partial)) {
                result.add(c);
            }
        }
        return List.copyOf(result);
    }

    /** Completing never asks anything: a command that would prompt fails instead. */
    private static final Terminal NO_TERMINAL = new Terminal() {
        @Override
        public boolean isPresent() {
            return false;
        }

        @Override
        public boolean isOutputTerminal() {
            return false;
        }

        @Override
        public boolean isInputTerminal() {
            return false;
        }

        @Override
        public String readLine(String prompt) {
            throw new TerminalUnavailableException("no terminal while completing");
        }

        @Override
        public char[] readSecret(String prompt) {
            throw new TerminalUnavailableException("no terminal while completing");
        }
    };
}
