package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a program on the caller's PATH: a shell script that records how it was run (its pid, its arguments,
 * its environment, its stdin), then, after an optional sleep, writes the given stdout and stderr and exits with the
 * given status. Arguments and environment are kept NUL-separated, so any value comes back exactly.
 *
 * <p>It reads its stdin to the end before it answers: whoever runs it must close stdin (as a program run like Go's
 * {@code exec.Command(…).Output()} gets an empty, closed stdin). It calls programs by absolute path only, so the
 * caller's PATH may hold nothing but its folder.
 */
public final class StandIn {
    private final Path dir;
    private final Path program;

    private StandIn(Path dir, String name) {
        this.dir = dir;
        this.program = dir.resolve(name);
    }

    /** Writes {@code dir/name}, which prints {@code stdout} and {@code stderr} and exits with {@code exitCode}. */
    public static StandIn create(Path dir, String name, String stdout, String stderr, int exitCode) {
        return create(dir, name, stdout, stderr, exitCode, 0);
    }

    /** As {@link #create(Path, String, String, String, int)}, answering only after {@code sleepSeconds}. */
    public static StandIn create(Path dir, String name, String stdout, String stderr, int exitCode,
            int sleepSeconds) {
        StandIn s = new StandIn(dir, name);
        String script = "#!/bin/sh\n"
                + "echo $$ > " + quote(s.record("pid")) + "\n"
                + ": > " + quote(s.record("argv.tmp")) + "\n"
                + "for a in \"$@\"; do printf '%s\\0' \"$a\" >> " + quote(s.record("argv.tmp")) + "; done\n"
                + "/usr/bin/env -0 > " + quote(s.record("env")) + "\n"
                + "/bin/cat > " + quote(s.record("stdin")) + "\n"
                // complete only now: ran() and argv() never see half a record
                + "/bin/mv " + quote(s.record("argv.tmp")) + " " + quote(s.record("argv")) + "\n"
                + (sleepSeconds > 0 ? "/bin/sleep " + sleepSeconds + "\n" : "")
                + "printf '%s' " + quote(stdout) + "\n"
                + "printf '%s' " + quote(stderr) + " >&2\n"
                + "exit " + exitCode + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(s.program, script, StandardCharsets.UTF_8);
            if (!s.program.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + s.program + " executable");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The folder it is in: what to put on the caller's PATH. */
    public Path dir() {
        return dir;
    }

    /** The script itself. */
    public Path program() {
        return program;
    }

    /** Whether it has run (and read its stdin) at least once. */
    public boolean ran() {
        return Files.exists(record("argv"));
    }

    /** The arguments of the last run; an empty list when it never ran. */
    public List<String> argv() {
        return ran() ? nulSeparated(read("argv")) : List.of();
    }

    /** The environment it got on the last run (with what the shell adds, such as {@code PWD}). */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (String entry : nulSeparated(read("env"))) {
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    /** What it read on stdin on the last run. */
    public String stdin() {
        return read("stdin");
    }

    /** The pid of the last run (written first, so known while it sleeps). */
    public long pid() {
        return Long.parseLong(read("pid").strip());
    }

    private Path record(String what) {
        return dir.resolve(program.getFileName() + "." + what);
    }

    private String read(String what) {
        try {
            return Files.readString(record(what), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(program.getFileName() + " did not record its " + what, e);
        }
    }

    private static List<String> nulSeparated(String all) {
        return all.isEmpty() ? List.of() : Arrays.asList(all.substring(0, all.length() - 1).split("\0", -1));
    }

    private static String quote(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }
}
