package dev.awsvault.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.keystore.KeystoreContext;

/** The original's global flags ({@code cli/global.go}), with their environment variables and defaults. */
public final class GlobalFlags {
    public static final String DEBUG = "debug";
    public static final String BACKEND = "backend";
    public static final String PROMPT = "prompt";
    public static final String VERSION = "version";

    private GlobalFlags() {
    }

    /** The flags; {@code backendList} and {@code promptList} fill the help text's {@code [list]}. */
    public static List<FlagSpec> all(String backendList, String promptList) {
        return List.of(
                FlagSpec.bool(VERSION, "Show application version."),
                FlagSpec.bool(DEBUG, "Show debugging output"),
                FlagSpec.string(BACKEND, "Secret backend to use [" + backendList + "]").withEnvVar("AWS_VAULT_BACKEND")
                        .withCompletion(Completion.BACKEND),
                FlagSpec.string(PROMPT, "Prompt driver to use [" + promptList + "]").withEnvVar("AWS_VAULT_PROMPT")
                        .withCompletion(Completion.PROMPT),
                FlagSpec.string(KeystoreContext.KEYCHAIN,
                        "Name of macOS keychain to use, if it doesn't exist it will be created")
                        .withDefault("aws-vault").withEnvVar("AWS_VAULT_KEYCHAIN_NAME"),
                FlagSpec.string(KeystoreContext.SECRET_SERVICE_COLLECTION,
                        "Name of secret-service collection to use, if it doesn't exist it will be created")
                        .withDefault("awsvault").withEnvVar("AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME"),
                FlagSpec.string(KeystoreContext.PASS_DIR, "Pass password store directory")
                        .withEnvVar("AWS_VAULT_PASS_PASSWORD_STORE_DIR"),
                FlagSpec.string(KeystoreContext.PASS_CMD, "Name of the pass executable")
                        .withEnvVar("AWS_VAULT_PASS_CMD"),
                FlagSpec.string(KeystoreContext.PASS_PREFIX, "Prefix to prepend to the item path stored in pass")
                        .withEnvVar("AWS_VAULT_PASS_PREFIX"),
                FlagSpec.string(KeystoreContext.FILE_DIR, "Directory for the \"file\" password store")
                        .withDefault("~/.awsvault/keys/").withEnvVar("AWS_VAULT_FILE_DIR"));
    }

    /**
     * The flags as kingpin describes them in long help and man pages: {@code --backend} is the original's enum of
     * the backends available here, its default the one that would be chosen.
     */
    public static List<FlagSpec> described(List<String> backends, String defaultBackend, List<String> prompts) {
        List<FlagSpec> flags = new ArrayList<>();
        for (FlagSpec f : all(String.join(" ", backends), String.join(" ", prompts))) {
            if (f.longName().equals(BACKEND)) {
                FlagSpec e = FlagSpec.enumeration(BACKEND, f.help(), backends).withEnvVar("AWS_VAULT_BACKEND")
                        .withCompletion(Completion.BACKEND);
                f = defaultBackend == null ? e : e.withDefault(defaultBackend);
            }
            flags.add(f);
        }
        return flags;
    }
}
