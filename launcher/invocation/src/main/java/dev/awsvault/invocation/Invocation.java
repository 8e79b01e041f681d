package dev.awsvault.invocation;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One run of one command, as a front end received it: arguments, environment, working directory, streams,
 * the controlling terminal and a cancellation signal. The same command service can therefore serve the
 * headless launcher, the interactive shell or a request relayed by a resident agent.
 */
@ProviderType
public interface Invocation {

    /** The command line after the program name, e.g. {@code [exec, prod, --, aws, s3, ls]}. */
    List<String> arguments();

    /** The caller's environment. Immutable. */
    Map<String, String> environment();

    /** The caller's working directory. */
    Path workingDirectory();

    InputStream in();

    PrintStream out();

    PrintStream err();

    /** The caller's controlling terminal; {@link Terminal#isPresent()} is false when there is none. */
    Terminal terminal();

    /** Set when the user asked to stop (Ctrl-C in the shell, a client going away). Commands poll it. */
    boolean isCancelled();

    /**
     * Hands the caller over to a child program. The launcher replaces its process with the child (execve) once
     * the command has returned, so the child's exit status becomes the process's; the shell runs the child and
     * waits. The return value is the child's exit status where the front end waits for it, or
     * {@link #HANDED_OVER} where the process is replaced after the command returns.
     */
    int handOver(ChildProgram child);

    /** Returned by {@link #handOver} when the front end replaces the process after the command returns. */
    int HANDED_OVER = Integer.MIN_VALUE;
}
