package dev.awsvault.commands.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.invocation.ChildProgram;

/**
 * Runs exec's program as a child process while a server serves its credentials (a server cannot replace the process
 * with execve). The child gets this process's stdin, stdout and stderr, and its exit status is returned, 128 + n for
 * a child killed by signal n, where the original returned 1 for any failure of the child.
 */
public final class ChildProcess {
    private ChildProcess() {
    }

    public static int run(ChildProgram program) {
        List<String> command = new ArrayList<>(program.argv());
        command.set(0, program.executable().toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(program.workingDirectory().toFile()).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(program.environment());
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new AwsVaultException("cannot run " + program.executable() + ": " + reason(e));
        }
        boolean interrupted = false;
        try (Signals signals = Signals.whileChildRuns(child)) {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // the child still runs, and its status is what we return
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** "Cannot run program "x" (in directory "/"): error=13, Permission denied" → "Permission denied". */
    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int comma = m.lastIndexOf(", ");
        return m.contains("error=") && comma >= 0 ? m.substring(comma + 2) : m;
    }
}
