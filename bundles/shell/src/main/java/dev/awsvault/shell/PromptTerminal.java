package dev.awsvault.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;

import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * The terminal a command run in the shell asks on: prompts go through a jline reader that has no history, so nothing
 * typed at a prompt is ever recorded; a secret is read with nothing echoed. Ctrl-C at a prompt cancels the run.
 */
final class PromptTerminal implements Terminal {
    private final LineReader reader;
    private final boolean outputTerminal;
    private final CommandRun run;

    /**
     * @param reader a reader with no history (see {@link Shell#promptReader})
     */
    PromptTerminal(LineReader reader, boolean outputTerminal, CommandRun run) {
        this.reader = reader;
        this.outputTerminal = outputTerminal;
        this.run = run;
    }

    @Override
    public boolean isPresent() {
        return true;
    }

    @Override
    public boolean isOutputTerminal() {
        return outputTerminal;
    }

    @Override
    public boolean isInputTerminal() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        return read(prompt, null);
    }

    @Override
    public char[] readSecret(String prompt) {
        String secret = read(prompt, LineReaderImpl.NULL_MASK);
        return secret.toCharArray();
    }

    private String read(String prompt, Character mask) {
        if (run.isCancelled()) {
            throw new TerminalUnavailableException("cancelled");
        }
        synchronized (reader) {
            try {
                return reader.readLine(prompt, mask);
            } catch (UserInterruptException e) {
                run.cancel();
                throw new TerminalUnavailableException("cancelled");
            } catch (EndOfFileException e) {
                throw new TerminalUnavailableException("the terminal was closed");
            }
        }
    }
}
