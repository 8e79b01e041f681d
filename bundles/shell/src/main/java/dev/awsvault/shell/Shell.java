package dev.awsvault.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;

import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;

/**
 * The read-eval-print loop: reads a line with the shell's reader (history, completion), splits it into words and
 * runs them through the {@link CommandRunner} as a {@link NestedInvocation}. Its own words are only {@code help},
 * {@code exit} and {@code quit}; Ctrl-D leaves, Ctrl-C clears the line at the prompt and cancels a running command.
 */
final class Shell {
    static final String PROMPT = "aws-vault> ";
    static final String KEYS_HELP = "In the shell: Tab completes, Ctrl-C cancels the running command (or clears the"
            + " line), Ctrl-D, exit or quit leaves; help [<command>] shows this help.";

    private final CommandRunner runner;
    private final Invocation shell;
    private final Terminal terminal;
    private final ShellHistory history;
    private final List<String> warnings;
    private volatile CommandRun current;

    /**
     * @param warnings the list the history reports its failures to, printed by the shell as they come
     */
    Shell(CommandRunner runner, Invocation shell, Terminal terminal, ShellHistory history, List<String> warnings) {
        this.runner = runner;
        this.shell = shell;
        this.terminal = terminal;
        this.history = history;
        this.warnings = warnings;
    }

    /** Runs until Ctrl-D, {@code exit} or {@code quit}; returns the shell's exit status. */
    int run() {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("aws-vault").history(history)
                .completer(new ShellCompleter(runner, shell)).parser(new DefaultParser())
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
        LineReader prompts = promptReader(terminal);
        terminal.handle(Signal.INT, signal -> interrupt());
        showWarnings();
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: the line is dropped
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words;
            try {
                words = WordSplitter.split(line);
            } catch (WordSplitter.UnbalancedException e) {
                error(e.getMessage());
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            if (words.size() == 1 && (first.equals("exit") || first.equals("quit"))) {
                break;
            }
            if (first.equals("help")) {
                List<String> help = new ArrayList<>(words.subList(1, words.size()));
                help.add("--help");
                execute(help, prompts);
                terminal.writer().println(KEYS_HELP);
                terminal.flush();
            } else {
                execute(words, prompts);
            }
            showWarnings();
        }
        return 0;
    }

    /**
     * The reader prompts use: no history at all (jline's is switched off and replaced by one that keeps nothing),
     * no completion, no event expansion.
     */
    static LineReader promptReader(Terminal terminal) {
        return LineReaderBuilder.builder().terminal(terminal).appName("aws-vault-prompt").history(new NoHistory())
                .variable(LineReader.DISABLE_HISTORY, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    /** Runs one command line and waits for it, or for Ctrl-C. */
    int execute(List<String> words, LineReader prompts) {
        CommandRun run = new CommandRun();
        PrintStream out = new PrintStream(new CancellableOutput(terminal.output(), run), true, terminal.encoding());
        NestedInvocation invocation = new NestedInvocation(words, shell, out, out,
                new PromptTerminal(prompts, shell.terminal().isOutputTerminal(), run), run, true);
        terminal.flush();
        current = run;
        int status;
        try {
            status = run.runAndWait(() -> runner.run(invocation));
        } finally {
            current = null;
        }
        out.flush();
        if (run.isCancelled()) {
            terminal.writer().println(); // after the ^C the terminal echoed
        }
        terminal.flush();
        return status;
    }

    /** SIGINT outside the line editor: cancels the running command, unless a child program has the terminal. */
    void interrupt() {
        CommandRun run = current;
        if (run == null) {
            return;
        }
        if (run.isChildRunning()) {
            run.childInterrupted();
        } else {
            run.cancel();
        }
    }

    private void showWarnings() {
        synchronized (warnings) {
            for (String warning : warnings) {
                terminal.writer().println("aws-vault: warning: " + warning);
            }
            warnings.clear();
        }
        terminal.flush();
    }

    private void error(String message) {
        terminal.writer().println("aws-vault: error: " + message);
        terminal.flush();
    }
}
