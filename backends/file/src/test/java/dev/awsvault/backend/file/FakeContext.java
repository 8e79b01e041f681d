package dev.awsvault.backend.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.PassphrasePrompt;

/** A KeystoreContext for tests: settings, environment and home as given; a scripted prompt that records calls. */
final class FakeContext implements KeystoreContext {
    final Map<String, String> settings = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    final List<String> prompts = new ArrayList<>();
    private final Path home;
    private final List<String> answers = new ArrayList<>();

    FakeContext(Path home) {
        this.home = home;
    }

    /** Keys in {@code dir}, passphrase from AWS_VAULT_FILE_PASSPHRASE. */
    static FakeContext withEnvPassphrase(Path home, Path dir, String passphrase) {
        FakeContext c = new FakeContext(home).dir(dir);
        c.env.put(FileKeystore.PASSPHRASE_ENV, passphrase);
        return c;
    }

    /** Keys in {@code dir}; the prompt answers with {@code answers} in turn and fails when asked once more. */
    static FakeContext withPrompt(Path home, Path dir, String... answers) {
        FakeContext c = new FakeContext(home).dir(dir);
        c.answers.addAll(List.of(answers));
        return c;
    }

    FakeContext dir(Path dir) {
        if (dir != null) {
            settings.put(FILE_DIR, dir.toString());
        }
        return this;
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public Path homeDirectory() {
        return home;
    }

    @Override
    public PassphrasePrompt passphrasePrompt() {
        return message -> {
            synchronized (prompts) {
                prompts.add(message);
                if (prompts.size() > answers.size()) {
                    throw new AssertionError("unexpected passphrase prompt #" + prompts.size() + ": " + message);
                }
                return answers.get(prompts.size() - 1).toCharArray();
            }
        };
    }
}
