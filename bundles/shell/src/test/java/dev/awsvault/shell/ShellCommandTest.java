package dev.awsvault.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.invocation.Invocation;

/** What {@code shell} refuses before it touches the terminal. */
class ShellCommandTest {

    private static CommandContext context(Invocation invocation) {
        return new CommandContext() {
            @Override
            public Invocation invocation() {
                return invocation;
            }

            @Override
            public Optional<String> flag(String longName) {
                return Optional.empty();
            }

            @Override
            public boolean isSet(String longName) {
                return false;
            }

            @Override
            public boolean isGiven(String longName) {
                return false;
            }

            @Override
            public Optional<String> arg(String name) {
                return Optional.empty();
            }

            @Override
            public List<String> args(String name) {
                return List.of();
            }

            @Override
            public boolean debug() {
                return false;
            }

            @Override
            public void debug(String message) {
            }
        };
    }

    @Test
    void theShellIsNotStartedInsideItself() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        Invocation nested = new NestedInvocation(List.of("shell"), new ShellInvocationStub(Path.of("/")), out, out,
                null, new CommandRun(), true);
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> new ShellCommand(null).run(context(nested)));
        assertEquals("already in the aws-vault shell", e.getMessage());
    }
}
