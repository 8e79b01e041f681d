package dev.awsvault.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

/**
 * One command line typed in the shell, as the {@link dev.awsvault.invocation.CommandRunner} sees it: the words as
 * arguments, the shell's environment and working directory, the terminal for output and prompts, Ctrl-C as
 * cancellation, and {@link #handOver} running the child on the terminal and waiting for it (the shell survives
 * {@code exec}). Standard input is empty: the terminal's input belongs to the line editor and the prompts.
 */
final class NestedInvocation implements Invocation {
    private final List<String> arguments;
    private final Invocation shell;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private final CommandRun run;
    private final boolean mayRunChildren;

    /**
     * @param mayRunChildren false where no program may be started (completion)
     */
    NestedInvocation(List<String> arguments, Invocation shell, PrintStream out, PrintStream err, Terminal terminal,
            CommandRun run, boolean mayRunChildren) {
        this.arguments = List.copyOf(arguments);
        this.shell = shell;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.run = run;
        this.mayRunChildren = mayRunChildren;
    }

    @Override
    public List<String> arguments() {
        return arguments;
    }

    @Override
    public Map<String, String> environment() {
        return shell.environment();
    }

    @Override
    public Path workingDirectory() {
        return shell.workingDirectory();
    }

    @Override
    public InputStream in() {
        return InputStream.nullInputStream();
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
        return terminal;
    }

    @Override
    public boolean isCancelled() {
        return run.isCancelled();
    }

    /**
     * Runs the child with the shell's standard streams (the terminal) and waits for it. It stays in the shell's
     * process group, so Ctrl-C reaches the child, and the shell, seeing a child running, ignores it.
     */
    @Override
    public int handOver(ChildProgram child) {
        if (!mayRunChildren) {
            throw new AwsVaultException("no program is run while completing");
        }
        if (run.isCancelled()) {
            return CommandRun.CANCELLED;
        }
        List<String> command = new ArrayList<>();
        command.add(child.executable().toString());
        command.addAll(child.argv().subList(1, child.argv().size()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(child.workingDirectory().toFile()).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(child.environment());
        out.flush();
        err.flush();
        run.childRunning(true);
        try {
            Process process = builder.start();
            try {
                int status = process.waitFor();
                if (status == CommandRun.CANCELLED) {
                    run.awaitChildInterruptSeen();
                    out.println(); // ended by Ctrl-C: the prompt starts on a new line, as in a shell
                }
                return status;
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                return CommandRun.CANCELLED;
            }
        } catch (IOException e) {
            throw new AwsVaultException("cannot run " + child.executable() + ": " + e.getMessage());
        } finally {
            run.childRunning(false);
        }
    }
}
