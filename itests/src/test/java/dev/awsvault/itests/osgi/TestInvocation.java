package dev.awsvault.itests.osgi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * An {@link Invocation} as a test hands it to the CommandRunner: fixed arguments and environment, no terminal,
 * empty stdin, stdout and stderr captured in byte arrays, and a hand-over that records the child instead of
 * replacing the process.
 */
public final class TestInvocation implements Invocation {
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private volatile ChildProgram handedOver;

    public TestInvocation(List<String> arguments, Map<String, String> environment, Path workingDirectory) {
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public List<String> arguments() {
        return arguments;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public InputStream in() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Terminal terminal() {
        return NoTerminal.INSTANCE;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public int handOver(ChildProgram child) {
        this.handedOver = child;
        return HANDED_OVER;
    }

    public byte[] outBytes() {
        out.flush();
        return outBytes.toByteArray();
    }

    public byte[] errBytes() {
        err.flush();
        return errBytes.toByteArray();
    }

    /** The child program the command handed over to, or null. */
    public ChildProgram handedOver() {
        return handedOver;
    }

    /** No controlling terminal: every prompt fails as it does under CI. */
    private enum NoTerminal implements Terminal {
        INSTANCE;

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
            throw new TerminalUnavailableException("no terminal in a test");
        }

        @Override
        public char[] readSecret(String prompt) {
            throw new TerminalUnavailableException("no terminal in a test");
        }
    }
}
