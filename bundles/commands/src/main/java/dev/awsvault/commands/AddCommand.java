package dev.awsvault.commands;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.invocation.Terminal;

/** {@code add <profile>}: stores long-term keys, as the original's {@code cli/add.go}. */
@Component(service = Command.class, property = Command.NAME + "=add")
public final class AddCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("add", "Add credentials to the secure keystore.")
            .flag(FlagSpec.bool("env",
                    "Read the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"))
            .flag(FlagSpec.bool("add-config", "Add a profile to ~/.aws/config if one doesn't exist")
                    .withDefault("true"))
            .arg(ArgSpec.required("profile", "Name of the profile").withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;

    @Activate
    public AddCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        String profile = ctx.arg("profile").orElseThrow();
        VaultContext vc = vaults.context(ctx);
        sourceProfile(vc.config(), profile).ifPresent(source -> {
            throw new AwsVaultException("Your profile has a source_profile of " + source
                    + ", adding credentials to " + profile + " won't have any effect");
        });

        AwsCredentials credentials;
        if (ctx.isSet("env")) {
            Map<String, String> env = ctx.invocation().environment();
            String akid = env.getOrDefault("AWS_ACCESS_KEY_ID", "");
            String secret = env.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
            if (akid.isEmpty()) {
                throw new AwsVaultException("Missing value for AWS_ACCESS_KEY_ID");
            }
            if (secret.isEmpty()) {
                throw new AwsVaultException("Missing value for AWS_SECRET_ACCESS_KEY");
            }
            credentials = AwsCredentials.of(akid, secret);
        } else {
            Terminal t = ctx.invocation().terminal();
            String akid = t.readLine("Enter Access Key ID: ");
            char[] secret = t.readSecret("Enter Secret Access Key: ");
            if (akid == null || akid.isBlank() || secret == null || secret.length == 0) {
                throw new AwsVaultException("an Access Key ID and a Secret Access Key are both required");
            }
            try {
                credentials = AwsCredentials.of(akid.strip(), new String(secret).strip());
            } finally {
                Arrays.fill(secret, '\0');
            }
        }

        Vault vault = vc.vault();
        vault.credentials().set(profile, credentials);
        ctx.invocation().out().println("Added credentials to profile \"" + profile + "\" in vault");

        int removed = afterStore(vc, vault, profile, ctx.isSet("add-config"));
        if (removed > 0) {
            ctx.invocation().out().println("Deleted " + removed + " existing sessions.");
        }
        return 0;
    }

    /** The profile's source_profile, if it has one: keys stored under its name would then not be used. */
    static Optional<String> sourceProfile(ConfigFile config, String profile) {
        return config.profile(profile).flatMap(s -> s.get("source_profile")).filter(s -> !s.isEmpty());
    }

    /**
     * What add does once the keys are stored (import does the same): the profile's cached sessions were made from
     * the old keys and go, and the config gets a {@code [profile X]} section if it has none.
     *
     * @return how many sessions were deleted
     */
    static int afterStore(VaultContext vc, Vault vault, String profile, boolean addConfig) {
        int removed = vault.sessions().removeForProfile(profile);
        if (addConfig && !vc.config().hasProfileSection(profile)) {
            ConfigFile.appendProfile(vc.configPath(), profile);
        }
        return removed;
    }
}
