package dev.awsvault.launcher;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;

/**
 * The invocation of the headless launcher: this process's arguments, environment, working directory, standard streams
 * and controlling terminal. {@link #handOver} only records the child; the launcher replaces the process with it once
 * the command has returned and the framework has stopped.
 */
final class LauncherInvocation implements Invocation {
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private volatile ChildProgram child;

    LauncherInvocation(List<String> arguments, Map<String, String> environment, Path workingDirectory,
                       InputStream in, PrintStream out, PrintStream err, Terminal terminal) {
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** The invocation of this process: {@code main}'s arguments, {@code System.getenv()}, {@code user.dir}, fd 0/1/2. */
    static LauncherInvocation ofProcess(String[] args, PrintStream err) {
        Map<String, String> env = System.getenv();
        if (env.containsKey(AgentSettings.SKIP_VARIABLE)) { // the client's note to itself, not the caller's environment
            env = new java.util.HashMap<>(env);
            env.remove(AgentSettings.SKIP_VARIABLE);
        }
        return new LauncherInvocation(List.of(args), env, Paths.get(System.getProperty("user.dir")),
            System.in, stream(FileDescriptor.out), err, TtyTerminal.ofProcess());
    }

    /** A UTF-8 print stream on a file descriptor, flushed at every line and by the launcher before it exits. */
    static PrintStream stream(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 8192), true, StandardCharsets.UTF_8);
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
        return in;
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
        return false;
    }

    @Override
    public int handOver(ChildProgram program) {
        Objects.requireNonNull(program, "program");
        if (child != null) {
            throw new IllegalStateException("the invocation was already handed over to " + child);
        }
        child = program;
        return HANDED_OVER;
    }

    /** The program the command handed over to, or null. */
    ChildProgram child() {
        return child;
    }

    void flush() {
        out.flush();
        err.flush();
    }

    @Override
    public String toString() {
        return "LauncherInvocation[" + arguments.size() + " arguments, cwd " + workingDirectory + "]";
    }
}
