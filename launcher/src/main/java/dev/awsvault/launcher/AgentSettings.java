package dev.awsvault.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings: environment variables first, then {@code ${XDG_CONFIG_HOME:-~/.config}/aws-vault/config}
 * ({@code key = value} lines). {@code AWS_VAULT_AGENT_TTL} / {@code agent_ttl}: how long unlocked secrets are kept
 * (Go duration, default 15m, 0 keeps none). {@code AWS_VAULT_AGENT_AUTOSTART} / {@code agent_autostart}: start an agent
 * on first use (true/false, default false).
 */
final class AgentSettings {
    static final String TTL_VARIABLE = "AWS_VAULT_AGENT_TTL";
    static final String AUTOSTART_VARIABLE = "AWS_VAULT_AGENT_AUTOSTART";
    static final String SKIP_VARIABLE = "AWS_VAULT_AGENT_SKIP";
    /** The native client's value of {@link #SKIP_VARIABLE} when no agent listens: the launcher may still auto-start one. */
    static final String SKIP_NO_AGENT = "no-agent";
    static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private final Map<String, String> env;
    private Properties file;

    AgentSettings(Map<String, String> env) {
        this.env = env;
    }

    Duration ttl() {
        String value = value(TTL_VARIABLE, "agent_ttl");
        if (value == null || value.isBlank()) {
            return DEFAULT_TTL;
        }
        return parseDuration(value.strip(), TTL_VARIABLE);
    }

    boolean autostart() {
        String value = value(AUTOSTART_VARIABLE, "agent_autostart");
        if (value == null) {
            return false;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1": case "true": case "yes": case "on":
                return true;
            case "": case "0": case "false": case "no": case "off":
                return false;
            default:
                throw new LauncherException("invalid " + AUTOSTART_VARIABLE + " / agent_autostart value " + quote(value)
                    + ": use true or false");
        }
    }

    private String value(String variable, String key) {
        String v = env.get(variable);
        if (v != null) {
            return v;
        }
        return configFile().getProperty(key);
    }

    private Properties configFile() {
        if (file == null) {
            file = new Properties();
            Path path = configPath(env);
            if (path != null) {
                try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    file.load(reader);
                } catch (NoSuchFileException e) {
                    // no file: defaults
                } catch (IOException | IllegalArgumentException e) {
                    throw new LauncherException("cannot read " + path + ": " + e.getMessage(), e);
                }
            }
        }
        return file;
    }

    static Path configPath(Map<String, String> env) {
        String value = env.get("XDG_CONFIG_HOME");
        if (value != null && value.startsWith("/")) {
            return Path.of(value, "aws-vault", "config");
        }
        Path home = XdgDirs.home(env);
        return home == null ? null : home.resolve(".config").resolve("aws-vault").resolve("config");
    }

    /** A Go duration ({@code 1h30m}, {@code 90s}, {@code 0}); negative values are refused. */
    static Duration parseDuration(String text, String what) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        int at = 0;
        double nanos = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double number = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ns": nanos += number; break;
                case "us": case "µs": nanos += number * 1e3; break;
                case "ms": nanos += number * 1e6; break;
                case "s": nanos += number * 1e9; break;
                case "m": nanos += number * 60e9; break;
                default: nanos += number * 3600e9; break;
            }
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new LauncherException("invalid duration " + quote(text) + " for " + what
                + " (use a Go duration such as 15m, 1h or 0)");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
