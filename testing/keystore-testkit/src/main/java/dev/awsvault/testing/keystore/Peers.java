package dev.awsvault.testing.keystore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether a test that needs a real peer (a daemon, {@code pass}, {@code gpg}) runs. Off CI a missing peer
 * skips the test; on CI ({@code CI} set, as {@code .ci/run} does) it fails it, because a skipped backend run there
 * would hide a backend nobody tested.
 */
public final class Peers {
    private Peers() {
    }

    /** Whether this run is the CI run, where every Linux peer must be present. */
    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equals("false");
    }

    /** The absolute path of {@code command} on the test JVM's PATH, or a skip (off CI) / failure (on CI). */
    public static Path require(String command) {
        Path found = find(command);
        if (found == null) {
            String why = command + " is not installed (see .ci/run for the packages)";
            if (onCi()) {
                throw new AssertionError(why + "; on CI every Linux keystore peer must be present");
            }
            Assumptions.abort(why);
        }
        return found;
    }

    /** The command on PATH (then /usr/bin, /bin), or null. */
    public static Path find(String command) {
        String path = System.getenv("PATH");
        String all = (path == null ? "" : path + File.pathSeparator) + "/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : all.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
