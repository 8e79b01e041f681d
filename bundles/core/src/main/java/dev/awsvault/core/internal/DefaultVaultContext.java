package dev.awsvault.core.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.PassphrasePrompt;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.invocation.SecretCache;
import dev.awsvault.invocation.Terminal;

/** One command run's config, keystore and prompts, each resolved at most once and only when asked for. */
final class DefaultVaultContext implements VaultContext, KeystoreContext, PromptContext, AutoCloseable {
    private final DefaultCommandContext command;
    private final Map<String, String> env;
    private ConfigFile config;
    private Plugins.Backend backend;
    private final Map<String, Vault> openVaults = new LinkedHashMap<>(); // by backend name, closed with the run
    private final java.util.Set<String> cachedKeys = new java.util.LinkedHashSet<>();
    static final String PASSPHRASE_KEY_PREFIX = "keystore-passphrase:";

    DefaultVaultContext(DefaultCommandContext command) {
        this.command = command;
        this.env = command.invocation().environment();
    }

    @Override
    public Path homeDirectory() {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = env.get("USERPROFILE");
        }
        return Paths.get(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
    }

    @Override
    public Path configPath() {
        return callersPath(ConfigFile.defaultPath(env, homeDirectory()));
    }

    @Override
    public ConfigFile config() {
        if (config == null) {
            config = ConfigFile.load(configPath());
        }
        return config;
    }

    private Plugins.Backend backend() {
        if (backend == null) {
            backend = Selection.backend(command.plugins(), command.flag(GlobalFlags.BACKEND), this);
            command.debug("Using keyring backend \"" + backend.name() + "\"");
        }
        return backend;
    }

    @Override
    public String backendName() {
        return backend().name();
    }

    @Override
    public Vault vault() {
        return open(backend());
    }

    @Override
    public Vault vault(String backendName) {
        return open(Selection.named(command.plugins(), backendName, this));
    }

    @Override
    public List<String> availableBackends() {
        return Selection.availableBackends(command.plugins(), this);
    }

    /** Opens a backend's keystore once per run, so naming the selected backend again gives the same vault. */
    private Vault open(Plugins.Backend b) {
        Vault v = openVaults.get(b.name());
        if (v == null) {
            v = new Vault(b.service().open(this));
            openVaults.put(b.name(), v);
        }
        return v;
    }

    @Override
    public PromptDriver promptDriver(boolean avoidTerminal) {
        return Selection.prompt(command.plugins(), command.flag(GlobalFlags.PROMPT), this, avoidTerminal);
    }

    @Override
    public PromptContext promptContext() {
        return this;
    }

    @Override
    public KeystoreContext keystoreContext() {
        return this;
    }

    @Override
    public PrintStream messages() {
        return command.invocation().err();
    }

    @Override
    public Optional<CredentialSource> credentialSource(String name) {
        return command.plugins().source(name);
    }

    @Override
    public List<CredentialSource> baseCredentialSources() {
        return command.plugins().baseSources();
    }

    // KeystoreContext

    @Override
    public Optional<String> setting(String name) {
        Optional<String> value = command.flag(name).filter(v -> !v.isEmpty());
        if (name.equals(FILE_DIR) || name.equals(PASS_DIR)) {
            // a relative directory is the caller's, not this process's (an agent runs in /)
            return value.map(v -> v.startsWith("~") ? v : callersPath(Paths.get(v)).toString());
        }
        return value;
    }

    /** A path from the caller's environment or flags, resolved against the caller's working directory. */
    Path callersPath(Path path) {
        return path.isAbsolute() ? path : command.invocation().workingDirectory().resolve(path);
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    /**
     * Asks through the selected prompt driver. Inside an agent the answer is kept in its secret cache under the prompt's
     * text (which names the keystore, e.g. its directory), so the next command of the session is not asked again.
     */
    @Override
    public PassphrasePrompt passphrasePrompt() {
        return message -> {
            SecretCache cache = command.plugins().secretCache();
            String key = PASSPHRASE_KEY_PREFIX + message;
            if (cache != null) {
                char[] kept = cache.get(key);
                if (kept != null) {
                    cachedKeys.add(key);
                    command.debug("Using the passphrase the agent keeps");
                    return kept;
                }
            }
            PromptDriver driver = promptDriver(false);
            String answer = driver.prompt(PromptRequest.secret(message), this);
            if (answer == null) {
                throw new KeystoreException("no passphrase given");
            }
            char[] passphrase = answer.toCharArray();
            if (cache != null) {
                cache.put(key, passphrase);
                cachedKeys.add(key);
            }
            return passphrase;
        };
    }

    /** Forgets the passphrases this run took from or gave to the agent's cache: one of them proved wrong. */
    void forgetCachedSecrets() {
        SecretCache cache = command.plugins().secretCache();
        if (cache != null) {
            for (String key : cachedKeys) {
                cache.remove(key);
            }
        }
        cachedKeys.clear();
    }

    // PromptContext

    @Override
    public Terminal terminal() {
        return command.invocation().terminal();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Vault v : openVaults.values()) {
            try {
                v.close();
            } catch (RuntimeException e) { // the others are still closed
                if (first == null) {
                    first = e;
                }
            }
        }
        openVaults.clear();
        if (first != null) {
            throw first;
        }
    }
}
