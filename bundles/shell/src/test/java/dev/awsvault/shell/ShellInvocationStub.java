package dev.awsvault.shell;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

/** The invocation that started the shell, as the launcher would give it (tests). */
final class ShellInvocationStub implements Invocation {
    private final Path workingDirectory;

    ShellInvocationStub(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    @Override
    public List<String> arguments() {
        return List.of("shell");
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("AWS_VAULT_BACKEND", "file");
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public InputStream in() {
        return InputStream.nullInputStream();
    }

    @Override
    public PrintStream out() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Override
    public PrintStream err() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Override
    public Terminal terminal() {
        return new Terminal() {
            @Override
            public boolean isPresent() {
                return true;
            }

            @Override
            public boolean isOutputTerminal() {
                return true;
            }

            @Override
            public boolean isInputTerminal() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                throw new UnsupportedOperationException();
            }

            @Override
            public char[] readSecret(String prompt) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public int handOver(ChildProgram child) {
        throw new UnsupportedOperationException();
    }
}
