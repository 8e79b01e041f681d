package dev.awsvault.api.keystore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a backend may know about the invocation it serves: the resolved global settings (flag, else environment
 * variable, else default), the caller's environment and home, and a way to ask for a passphrase. Backends never
 * read {@code System.getenv()}.
 */
@ProviderType
public interface KeystoreContext {

    /** {@code --file-dir} / {@code AWS_VAULT_FILE_DIR}, default {@code ~/.awsvault/keys/} (tilde not expanded). */
    String FILE_DIR = "file-dir";
    /** {@code --keychain} / {@code AWS_VAULT_KEYCHAIN_NAME}, default {@code aws-vault}. */
    String KEYCHAIN = "keychain";
    /** {@code --secret-service-collection} / {@code AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME}, default {@code awsvault}. */
    String SECRET_SERVICE_COLLECTION = "secret-service-collection";
    /** {@code --pass-dir} / {@code AWS_VAULT_PASS_PASSWORD_STORE_DIR}. */
    String PASS_DIR = "pass-dir";
    /** {@code --pass-cmd} / {@code AWS_VAULT_PASS_CMD}. */
    String PASS_CMD = "pass-cmd";
    /** {@code --pass-prefix} / {@code AWS_VAULT_PASS_PREFIX}. */
    String PASS_PREFIX = "pass-prefix";

    /** A resolved global setting by one of the names above; empty when unset and without default. */
    Optional<String> setting(String name);

    /** The caller's environment (never the process's, which may belong to an agent). */
    Map<String, String> environment();

    /** The caller's home directory. */
    Path homeDirectory();

    /** Asks for a passphrase through the selected prompt driver (or the terminal). */
    PassphrasePrompt passphrasePrompt();
}
