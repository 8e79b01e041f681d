package dev.awsvault.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** The XDG base directories (only absolute values count, as the specification says). */
final class XdgDirs {
    private XdgDirs() {
    }

    static Path cacheHome(Map<String, String> env) {
        return base(env, "XDG_CACHE_HOME", ".cache");
    }

    static Path dataHome(Map<String, String> env) {
        return base(env, "XDG_DATA_HOME", ".local/share");
    }

    static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return home == null || home.isEmpty() ? null : Paths.get(home);
    }

    private static Path base(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        if (value != null && !value.isEmpty()) {
            Path path = Paths.get(value);
            if (path.isAbsolute()) {
                return path;
            }
        }
        Path home = home(env);
        return home == null ? null : home.resolve(fallback);
    }
}
