package dev.awsvault.sources.sso;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Opens a URL in the user's browser; never fails (the link is printed anyway). */
@FunctionalInterface
interface Browser {

    void open(String url, Map<String, String> environment);

    /** {@code open} on macOS, {@code rundll32 url.dll,FileProtocolHandler} on Windows, else {@code xdg-open}, from PATH. */
    Browser SYSTEM = (url, env) -> {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command;
        if (os.contains("mac")) {
            command = find("open", env).map(p -> List.of(p, url)).orElse(null);
        } else if (os.contains("win")) {
            command = find("rundll32.exe", env).or(() -> find("rundll32", env))
                    .map(p -> List.of(p, "url.dll,FileProtocolHandler", url)).orElse(null);
        } else {
            command = find("xdg-open", env).map(p -> List.of(p, url)).orElse(null);
        }
        if (command == null) {
            return;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File(os.contains("win") ? "NUL" : "/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.start();
        } catch (Exception e) {
            // like the original: a browser that cannot be opened is not an error
        }
    };

    /** A program on the caller's PATH. */
    static Optional<String> find(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a browser can be used at all: macOS and Windows always; elsewhere only with a graphical session
     * ({@code DISPLAY} or {@code WAYLAND_DISPLAY} in the caller's environment).
     */
    static boolean available(Map<String, String> env) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            return true;
        }
        return !env.getOrDefault("DISPLAY", "").isEmpty() || !env.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
    }
}
