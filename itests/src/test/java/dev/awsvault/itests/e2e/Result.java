package dev.awsvault.itests.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the launcher: its arguments, exit status, and what it wrote. For a run on a terminal
 * ({@link Sandbox#runOnTerminal}) {@code out} is the terminal transcript and {@code err} the driver's diagnostics.
 * {@code pid} is the process id of what was started ({@code bin/aws-vault}, after {@code setsid}, which keeps it).
 */
public record Result(List<String> args, int exitCode, byte[] out, byte[] err, long millis, long pid) {

    public String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }

    public String errText() {
        return new String(err, StandardCharsets.UTF_8);
    }

    /** For failure messages: the command line, the status, both streams. */
    public String describe() {
        return "aws-vault " + String.join(" ", args) + "\n  exit " + exitCode + " after " + millis + " ms"
                + "\n--- stdout ---\n" + outText() + "\n--- stderr ---\n" + errText() + "\n---";
    }

    @Override
    public String toString() {
        return describe();
    }
}
