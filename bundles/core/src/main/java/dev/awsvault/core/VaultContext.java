package dev.awsvault.core;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.core.config.ConfigFile;

/** One command run's view of config, vault and prompts. Everything is resolved lazily and at most once. */
@ProviderType
public interface VaultContext {

    /** The caller's home ({@code $HOME}). */
    Path homeDirectory();

    /** {@code $AWS_CONFIG_FILE} or {@code ~/.aws/config}. */
    Path configPath();

    /** The parsed config file (created empty when missing, as the original does). */
    ConfigFile config();

    /** The name of the selected keystore backend ({@code --backend}, else the first available). */
    String backendName();

    /** The selected keystore, with the original's layouts on top. */
    Vault vault();

    /**
     * The keystore of a backend named by the user (e.g. {@code migrate-backend --from}), opened at most once per run
     * and closed with it; naming the selected backend gives the same vault as {@link #vault()}.
     *
     * @throws dev.awsvault.api.command.UsageException kingpin's enum error ({@code enum value must be one of …, got
     *     '<name>'}), as {@code --backend} gives, when no available backend has that name
     */
    Vault vault(String backendName);

    /** Names of the registered backends that are available here, in the default order (what {@code --backend} accepts). */
    List<String> availableBackends();

    /**
     * The prompt driver for MFA codes and secrets: {@code --prompt}, else chosen as the original does (terminal,
     * or the first non-terminal driver when stdout is not a terminal or {@code avoidTerminal} is set).
     */
    PromptDriver promptDriver(boolean avoidTerminal);

    /** The context prompts are shown in (the caller's environment and terminal). */
    PromptContext promptContext();

    /**
     * The context keystore backends are probed and opened in (settings, environment, passphrase prompt), e.g. to
     * ask each registered backend whether it is available here.
     */
    default KeystoreContext keystoreContext() {
        VaultContext vault = this;
        return new KeystoreContext() {
            @Override
            public Optional<String> setting(String name) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> environment() {
                return vault.environment();
            }

            @Override
            public Path homeDirectory() {
                return vault.homeDirectory();
            }

            @Override
            public dev.awsvault.api.keystore.PassphrasePrompt passphrasePrompt() {
                return message -> {
                    throw new dev.awsvault.api.keystore.KeystoreException("no passphrase prompt in this context");
                };
            }
        };
    }

    /** The caller's environment. */
    Map<String, String> environment();

    /** The caller's error stream, for messages that are not the command's output. */
    PrintStream messages();

    /** The registered credential source of that name ({@code sts.AssumeRole}, …), if any. */
    Optional<CredentialSource> credentialSource(String name);

    /** The base credential sources, in {@code service.ranking} order (highest first). */
    List<CredentialSource> baseCredentialSources();
}
