package dev.awsvault.testing.keystore;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.PassphrasePrompt;

/**
 * A {@link KeystoreContext} for tests: settings and environment as given (never the test JVM's), a home folder, and
 * a scripted passphrase prompt that records each message and fails when it runs out of answers.
 */
public final class TestKeystoreContext implements KeystoreContext {
    private final Path home;
    private final Map<String, String> settings = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();

    public TestKeystoreContext(Path home) {
        this.home = home;
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    /** Sets a global setting ({@link KeystoreContext#PASS_DIR} …). */
    public TestKeystoreContext setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Sets a variable of the caller's environment; {@code null} removes it. */
    public TestKeystoreContext env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Adds all of {@code vars} to the caller's environment. */
    public TestKeystoreContext env(Map<String, String> vars) {
        env.putAll(vars);
        return this;
    }

    /** Queues answers for the passphrase prompt. */
    public TestKeystoreContext answers(String... values) {
        answers.addAll(List.of(values));
        return this;
    }

    /** The messages the prompt was shown, in order. */
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    @Override
    public Path homeDirectory() {
        return home;
    }

    @Override
    public PassphrasePrompt passphrasePrompt() {
        return message -> {
            prompts.add(message);
            String a = answers.poll();
            if (a == null) {
                throw new KeystoreException("test prompt has no answer left for: " + message);
            }
            return a.toCharArray();
        };
    }
}
