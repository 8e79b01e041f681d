package dev.awsvault.shell;

import java.io.IOException;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import dev.awsvault.api.AwsVaultException;

/** Opens the process's terminal with jline. */
final class SystemTerminal {
    private SystemTerminal() {
    }

    /**
     * jline 3 finds its terminal providers through the thread context class loader; inside the framework that is not
     * jline's bundle, and jline would silently fall back to a dumb terminal (osgi-notes §5). So the TCCL is jline's
     * while the terminal is built, and a dumb fallback is refused rather than accepted.
     */
    static Terminal open() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            return TerminalBuilder.builder().name("aws-vault").system(true).nativeSignals(true).dumb(false).build();
        } catch (IOException | RuntimeException e) {
            throw new AwsVaultException("cannot open the terminal: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
