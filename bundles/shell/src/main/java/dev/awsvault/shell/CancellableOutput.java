package dev.awsvault.shell;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The terminal's output as a command run sees it: once the run is cancelled, whatever it still writes is dropped,
 * so a command that does not notice Ctrl-C at once cannot scribble over the next prompt. Never closes the terminal.
 */
final class CancellableOutput extends OutputStream {
    private final OutputStream terminal;
    private final CommandRun run;

    CancellableOutput(OutputStream terminal, CommandRun run) {
        this.terminal = terminal;
        this.run = run;
    }

    @Override
    public void write(int b) throws IOException {
        if (!run.isCancelled()) {
            terminal.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!run.isCancelled()) {
            terminal.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!run.isCancelled()) {
            terminal.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
