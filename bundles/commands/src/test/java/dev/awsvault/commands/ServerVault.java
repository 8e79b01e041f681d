package dev.awsvault.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.sources.assumerole.AssumeRoleSource;
import dev.awsvault.sources.sessiontoken.SessionTokenSource;

/**
 * A vault over a memory keystore with the REAL GetSessionToken and AssumeRole sources (AWS SDK clients), for the
 * server modes against the AWS emulator; no prompts.
 */
final class ServerVault implements VaultService, VaultContext {
    final Fakes.MemoryKeystore keystore = new Fakes.MemoryKeystore();
    final Path home;
    final Path configPath;
    final Map<String, String> env;

    ServerVault(Path home, Path configPath, Map<String, String> env) {
        this.home = home;
        this.configPath = configPath;
        this.env = env;
    }

    @Override public VaultContext context(CommandContext command) { return this; }
    @Override public Path homeDirectory() { return home; }
    @Override public Path configPath() { return configPath; }
    @Override public ConfigFile config() { return ConfigFile.load(configPath); }
    @Override public String backendName() { return "memory"; }
    @Override public Vault vault() { return new Vault(keystore); }
    @Override public Vault vault(String backendName) { return vault(); }
    @Override public List<String> availableBackends() { return List.of("memory"); }
    @Override public PromptDriver promptDriver(boolean avoidTerminal) { throw new AssertionError("no prompt expected"); }
    @Override public PromptContext promptContext() { throw new AssertionError("no prompt expected"); }
    @Override public Map<String, String> environment() { return env; }
    @Override public PrintStream messages() { return System.err; }
    @Override public List<CredentialSource> baseCredentialSources() { return List.of(); }

    @Override
    public Optional<CredentialSource> credentialSource(String name) {
        switch (name) {
            case CredentialSource.GET_SESSION_TOKEN:
                return Optional.of(new SessionTokenSource());
            case CredentialSource.ASSUME_ROLE:
                return Optional.of(new AssumeRoleSource());
            default:
                return Optional.empty();
        }
    }
}
