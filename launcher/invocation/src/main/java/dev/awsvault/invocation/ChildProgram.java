package dev.awsvault.invocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A program to hand the caller over to: the resolved executable, its argv (argv[0] included) and its complete
 * environment. {@link #toString()} shows the argv only, never the environment, which holds credentials.
 */
public final class ChildProgram {
    private final Path executable;
    private final List<String> argv;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    public ChildProgram(Path executable, List<String> argv, Map<String, String> environment, Path workingDirectory) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.argv = List.copyOf(argv);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        if (this.argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0]");
        }
    }

    public Path executable() {
        return executable;
    }

    public List<String> argv() {
        return argv;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public String toString() {
        return "ChildProgram[" + executable + " " + argv + "]";
    }
}
