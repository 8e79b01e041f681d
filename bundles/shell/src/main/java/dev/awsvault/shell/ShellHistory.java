package dev.awsvault.shell;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jline.reader.LineReader;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The shell's command history: jline's in-memory history, persisted by us (not by jline, whose rewrites would create
 * the file with the umask's mode) to {@code ${XDG_STATE_HOME:-~/.local/state}/aws-vault/shell_history}, the file
 * 0600 in a 0700 folder. Lines {@link HistoryFilter} refuses are neither kept nor written. Only the shell's own
 * reader has this history; the reader that answers prompts has none.
 */
final class ShellHistory extends DefaultHistory {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final List<String> warnings;
    private final List<String> earlier = new ArrayList<>();
    private boolean writable = true;

    /**
     * @param warnings where a failure to read or write the file is reported (once), so the shell can print it
     */
    ShellHistory(Path file, List<String> warnings) {
        this.file = file;
        this.warnings = warnings;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (HistoryFilter.mayRecord(line)) {
                        earlier.add(line);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.add("cannot read the history file " + file + ": " + e.getMessage());
        }
    }

    /** Takes the lines of earlier sessions in once jline attaches the reader (which it needs to add them). */
    @Override
    public void attach(LineReader reader) {
        super.attach(reader);
        for (String line : earlier) {
            internalAdd(Instant.EPOCH, line);
        }
        earlier.clear();
    }

    /** The history file named by the caller's environment. */
    static Path defaultFile(Map<String, String> environment) {
        String state = environment.get("XDG_STATE_HOME");
        Path base;
        if (state != null && Path.of(state).isAbsolute()) {
            base = Path.of(state); // the XDG spec: relative values are ignored
        } else {
            base = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        }
        return base.resolve("aws-vault").resolve("shell_history");
    }

    Path file() {
        return file;
    }

    @Override
    public void add(Instant time, String line) {
        if (!HistoryFilter.mayRecord(line)) {
            return;
        }
        super.add(time, line);
        if (writable) {
            try {
                append(line);
            } catch (IOException | RuntimeException e) {
                writable = false;
                warnings.add("cannot write the history file " + file + ": " + e.getMessage());
            }
        }
    }

    private void append(String line) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } else if (!Files.getPosixFilePermissions(file).equals(FILE_MODE)) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(line.replace('\n', ' '));
            out.write('\n');
        }
    }
}
