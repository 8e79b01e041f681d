package dev.awsvault.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.sources.assumerole.AssumeRoleSource;
import dev.awsvault.sources.sessiontoken.SessionTokenSource;
import dev.awsvault.testing.aws.AwsEmulator;

/**
 * A world for login and rotate: the AWS emulator (every call SigV4-checked), a config file, a memory keystore that can
 * be told to fail writes, the real GetSessionToken and AssumeRole sources, and the caller's environment pointing
 * {@code AWS_ENDPOINT_URL} and {@code AWS_VAULT_FEDERATION_BASE_URL} at the emulator.
 */
final class AwsWorld implements VaultService, VaultContext, AutoCloseable {
    final AwsEmulator emu;
    final Path home;
    final Path config;
    final FailingKeystore keystore = new FailingKeystore();
    final Map<String, String> env = new HashMap<>();
    final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final Map<String, CredentialSource> sources = Map.of(
            CredentialSource.GET_SESSION_TOKEN, new SessionTokenSource(),
            CredentialSource.ASSUME_ROLE, new AssumeRoleSource());

    AwsWorld(Path home, AwsEmulator emu) {
        this.home = home;
        this.emu = emu;
        this.config = home.resolve("config");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("AWS_ENDPOINT_URL", emu.endpoint().toString());
        env.put(FederationUrls.BASE_URL_VARIABLE, emu.endpoint().toString());
        writeConfig("");
    }

    AwsWorld writeConfig(String text) {
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    AwsWorld store(String profile, String accessKeyId, String secret) {
        vault().credentials().set(profile, AwsCredentials.of(accessKeyId, secret));
        return this;
    }

    Optional<AwsCredentials> stored(String profile) {
        return vault().credentials().get(profile);
    }

    /** A command line's context: the flags as given, then the arguments. */
    Fakes.Context context(CommandSpec spec, Map<String, String> flags, Map<String, String> args) {
        Fakes.Context ctx = new Fakes.Context(spec, new Fakes.TestInvocation(List.of(), env, new Fakes.ScriptedTerminal()));
        flags.forEach(ctx::flag);
        args.forEach(ctx::arg);
        return ctx;
    }

    @Override
    public void close() {
        emu.close();
    }

    // ---------------------------------------------------------------------------------------------- VaultContext

    @Override public VaultContext context(CommandContext command) { return this; }
    @Override public Path homeDirectory() { return home; }
    @Override public Path configPath() { return config; }
    @Override public ConfigFile config() { return ConfigFile.load(config); }
    @Override public String backendName() { return "memory"; }
    @Override public Vault vault() { return new Vault(keystore); }
    @Override public Vault vault(String backendName) { return vault(); }
    @Override public List<String> availableBackends() { return List.of("memory"); }

    @Override
    public PromptDriver promptDriver(boolean avoidTerminal) {
        throw new UnsupportedOperationException("tests give MFA codes with mfa_process");
    }

    @Override public PromptContext promptContext() { throw new UnsupportedOperationException(); }
    @Override public Map<String, String> environment() { return env; }
    @Override public PrintStream messages() { return new PrintStream(messages, true, StandardCharsets.UTF_8); }
    @Override public Optional<CredentialSource> credentialSource(String name) { return Optional.ofNullable(sources.get(name)); }
    @Override public List<CredentialSource> baseCredentialSources() { return List.of(); }

    /** A memory keystore whose next writes of chosen keys can be made to fail. */
    static final class FailingKeystore implements Keystore {
        final Fakes.MemoryKeystore memory = new Fakes.MemoryKeystore();
        final Map<String, Integer> failingWrites = new HashMap<>();

        /** The next {@code count} writes of {@code key} fail; later ones work again. */
        void failNextWrites(String key, int count) {
            failingWrites.put(key, count);
        }

        @Override public List<String> keys() { return memory.keys(); }
        @Override public Optional<KeystoreItem> get(String key) { return memory.get(key); }
        @Override public boolean remove(String key) { return memory.remove(key); }

        @Override
        public void set(KeystoreItem item) {
            int failing = failingWrites.getOrDefault(item.key(), 0);
            if (failing > 0) {
                failingWrites.put(item.key(), failing - 1);
                throw new KeystoreException("the memory keystore refuses to write " + item.key());
            }
            memory.set(item);
        }
    }
}
