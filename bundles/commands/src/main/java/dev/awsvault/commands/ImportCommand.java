package dev.awsvault.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.SharedCredentialsFile;
import dev.awsvault.invocation.Terminal;

/**
 * {@code import [profile...]}: moves long-term keys from the plain-text shared credentials file into the vault.
 * Each profile is stored as {@code add} stores it (same item, its sessions deleted, {@code [profile X]} added to the
 * config) and read back; then the plain-text keys of the verified profiles are removed from the file if the user
 * agrees. Profiles holding temporary credentials ({@code aws_session_token}) are skipped. No peer has this command
 * (upstream issues #1236, #311).
 */
@Component(service = Command.class, property = Command.NAME + "=import")
public final class ImportCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("import",
            "Import credentials from the plain-text shared credentials file (~/.aws/credentials).")
            .flag(FlagSpec.bool("overwrite", "Replace credentials already in the secure keystore"))
            .flag(FlagSpec.bool("add-config", "Add a profile to ~/.aws/config if one doesn't exist")
                    .withDefault("true"))
            .flag(FlagSpec.bool("remove-plaintext", "Remove the imported keys from the credentials file without asking"))
            .flag(FlagSpec.bool("keep-plaintext", "Leave the credentials file unchanged without asking"))
            .arg(ArgSpec.remainder("profile", "Profiles to import (default: every profile in the file)"))
            .build();

    private final VaultService vaults;

    @Activate
    public ImportCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        if (ctx.isSet("remove-plaintext") && ctx.isSet("keep-plaintext")) {
            throw new UsageException("--remove-plaintext and --keep-plaintext cannot be used together");
        }
        VaultContext vc = vaults.context(ctx);
        PrintStream out = ctx.invocation().out();
        Path path = ctx.invocation().workingDirectory()
                .resolve(SharedCredentialsFile.defaultPath(vc.environment(), vc.homeDirectory()));
        SharedCredentialsFile file = SharedCredentialsFile.load(path);
        List<String> profiles = selectedProfiles(file, ctx.args("profile"), path);
        if (profiles.isEmpty()) {
            out.println("No profiles found in " + path + ".");
            return 0;
        }

        Vault vault = vc.vault();
        Set<String> stored = new HashSet<>(vault.credentials().names());
        Map<String, AwsCredentials> verified = new LinkedHashMap<>();
        int imported = 0;
        int overwritten = 0;
        int skipped = 0;
        int failed = 0;
        for (String profile : profiles) {
            out.print("Importing " + profile + "... ");
            out.flush();
            Map<String, String> values = file.values(profile);
            String accessKeyId = values.getOrDefault(SharedCredentialsFile.ACCESS_KEY_ID, "");
            String secretAccessKey = values.getOrDefault(SharedCredentialsFile.SECRET_ACCESS_KEY, "");
            Optional<String> source = AddCommand.sourceProfile(vc.config(), profile);
            String skip = null;
            if (accessKeyId.isEmpty() || secretAccessKey.isEmpty()) {
                skip = "no aws_access_key_id and aws_secret_access_key";
            } else if (!values.getOrDefault(SharedCredentialsFile.SESSION_TOKEN, "").isEmpty()) {
                skip = "temporary credentials (aws_session_token) are not stored in the vault";
            } else if (source.isPresent()) {
                skip = "the profile has a source_profile of " + source.get() + ", stored credentials would have no effect";
            } else if (stored.contains(profile) && !ctx.isSet("overwrite")) {
                skip = "already exists in vault (use --overwrite to replace)";
            }
            if (skip != null) {
                out.println("skipped, " + skip);
                skipped++;
                continue;
            }
            AwsCredentials credentials = AwsCredentials.of(accessKeyId, secretAccessKey);
            try {
                vault.credentials().set(profile, credentials);
                if (!vault.credentials().get(profile).map(credentials::equals).orElse(false)) {
                    throw new AwsVaultException("verify vault profile \"" + profile + "\": credential mismatch");
                }
                int sessions = AddCommand.afterStore(vc, vault, profile, ctx.isSet("add-config"));
                boolean replaced = stored.contains(profile);
                out.println((replaced ? "overwritten" : "imported") + ", verified"
                        + (sessions > 0 ? ", deleted " + sessions + " existing sessions" : ""));
                verified.put(profile, credentials);
                if (replaced) {
                    overwritten++;
                } else {
                    imported++;
                }
            } catch (WrongPassphraseException e) {
                out.println("failed: " + e.getMessage());
                throw e; // every further profile would fail the same way; the file is untouched
            } catch (AwsVaultException e) {
                out.println("failed: " + e.getMessage());
                failed++;
            }
        }
        out.println();
        out.println("Import summary:");
        out.println("  imported: " + imported);
        out.println("  overwritten: " + overwritten);
        out.println("  skipped: " + skipped);
        if (failed > 0) {
            out.println("  failed: " + failed);
        }

        if (!verified.isEmpty()) {
            offerRemoval(ctx, out, path, verified);
        }
        if (failed > 0) {
            throw new AwsVaultException(failed + " of " + profiles.size()
                    + " profiles failed to import; their plain-text keys were kept");
        }
        return 0;
    }

    /** The profiles named on the command line (each must be in the file), else every profile of the file. */
    private static List<String> selectedProfiles(SharedCredentialsFile file, List<String> named, Path path) {
        if (named.isEmpty()) {
            return file.profileNames();
        }
        List<String> profiles = new ArrayList<>(new LinkedHashSet<>(named));
        for (String p : profiles) {
            if (!file.profileNames().contains(p)) {
                throw new AwsVaultException("profile \"" + p + "\" not found in " + path);
            }
        }
        return profiles;
    }

    /** Asks (or follows --remove-plaintext / --keep-plaintext) and removes the verified profiles' keys from the file. */
    private static void offerRemoval(CommandContext ctx, PrintStream out, Path path, Map<String, AwsCredentials> verified) {
        String count = verified.size() + (verified.size() == 1 ? " profile" : " profiles");
        boolean remove;
        if (ctx.isSet("keep-plaintext")) {
            remove = false;
        } else if (ctx.isSet("remove-plaintext")) {
            remove = true;
        } else {
            Terminal terminal = ctx.invocation().terminal();
            if (!terminal.isPresent()) {
                out.println("Kept the plain-text keys in " + path
                        + ": there is no terminal to ask on (use --remove-plaintext to remove them).");
                return;
            }
            out.flush();
            String answer = terminal.readLine("Remove the plain-text keys of " + count + " from " + path + "? (y|N) ");
            String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            remove = a.equals("y") || a.equals("yes");
        }
        if (!remove) {
            out.println("Kept the plain-text keys in " + path + ".");
            return;
        }
        // Only keys still equal to what went into the vault: the file may have been edited meanwhile.
        SharedCredentialsFile now = SharedCredentialsFile.load(path);
        List<String> unchanged = new ArrayList<>();
        for (Map.Entry<String, AwsCredentials> e : verified.entrySet()) {
            Map<String, String> values = now.values(e.getKey());
            if (e.getValue().accessKeyId().equals(values.get(SharedCredentialsFile.ACCESS_KEY_ID))
                    && e.getValue().secretAccessKey().equals(values.get(SharedCredentialsFile.SECRET_ACCESS_KEY))
                    && values.getOrDefault(SharedCredentialsFile.SESSION_TOKEN, "").isEmpty()) {
                unchanged.add(e.getKey());
            } else {
                out.println("Kept the keys of profile \"" + e.getKey() + "\": they changed in " + path
                        + " since they were imported.");
            }
        }
        List<String> removed = SharedCredentialsFile.removeKeys(path, unchanged);
        out.println("Removed the plain-text keys of " + removed.size() + (removed.size() == 1 ? " profile" : " profiles")
                + " from " + path + ".");
    }
}
