package dev.awsvault.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.core.SessionKey;
import dev.awsvault.core.SessionKeyring;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;

/**
 * {@code migrate-backend --from X --to Y}: copies stored credentials from one keystore to another, as the ByteNess
 * fork's {@code cli/migrate_backend.go} does (same flags, per-item lines and summary). Each copy is read back and
 * compared; a source item is deleted only with {@code --delete-source} and only after its copy verified. Beyond the
 * fork, {@code --include-sessions} also moves cached sessions and SSO/OIDC tokens (copied as stored), and a failed
 * item does not stop the others: the run reports it, keeps its source, and exits non-zero at the end.
 */
@Component(service = Command.class, property = Command.NAME + "=migrate-backend")
public final class MigrateBackendCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("migrate-backend",
            "Migrate stored credentials between keyring backends.")
            .flag(FlagSpec.string("from", "Source keyring backend.").withCompletion(Completion.BACKEND))
            .flag(FlagSpec.string("to", "Destination keyring backend.").withCompletion(Completion.BACKEND))
            .flag(FlagSpec.string("profile", "Migrate only this profile.")
                    .withCompletion(Completion.PROFILE))
            .flag(FlagSpec.bool("dry-run", "Show what would be migrated without writing anything."))
            .flag(FlagSpec.bool("overwrite", "Overwrite destination credentials if they already exist."))
            .flag(FlagSpec.bool("delete-source", "Delete source credentials after successful destination verification."))
            .flag(FlagSpec.bool("include-sessions", "Also migrate cached sessions and SSO/OIDC tokens."))
            .build();

    private final VaultService vaults;

    @Activate
    public MigrateBackendCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    /** One thing to move: a credential (re-stored as credentials) or a session/token item (copied as stored). */
    private record Entry(String key, boolean credential) {
        /** As the fork's errors name it: {@code profile "dev"}; sessions and tokens are {@code item "<key>"}. */
        String describe() {
            return (credential ? "profile" : "item") + " \"" + key + "\"";
        }
    }

    /** What happened to an item that did not fail, worded as the fork words it. */
    private enum Outcome {
        COPIED("copied, verified"),
        OVERWRITTEN("overwritten, verified"),
        SKIPPED("skipped, already exists in destination");

        final String message;

        Outcome(String message) {
            this.message = message;
        }
    }

    /** An item's failure, already worded for its line. */
    private static final class ItemFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ItemFailure(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public int run(CommandContext ctx) {
        String from = required(ctx, "from");
        String to = required(ctx, "to");
        VaultContext vc = vaults.context(ctx);
        // kingpin checks both enums before the action runs; opening is cheap (secrets are asked for on first use).
        Vault source = vc.vault(from);
        Vault target = vc.vault(to);
        if (from.equals(to)) {
            throw new UsageException("source and destination backends must differ");
        }
        boolean sessions = ctx.isSet("include-sessions");
        Optional<String> profile = ctx.flag("profile").filter(p -> !p.isEmpty());
        List<Entry> entries = entries(vc, source, profile, sessions);
        PrintStream out = ctx.invocation().out();

        if (entries.isEmpty()) {
            out.println("No credentials " + (sessions ? "or sessions " : "") + "found in source backend " + from + ".");
            return 0;
        }
        if (ctx.isSet("dry-run")) {
            printDryRun(out, from, to, entries, sessions);
            return 0;
        }

        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int deleted = 0;
        int failed = 0;
        boolean stopped = false;
        Set<String> existing = new HashSet<>(target.keys());
        for (Entry entry : entries) {
            out.print("Migrating " + entry.key() + "... ");
            out.flush();
            try {
                Outcome outcome = migrate(entry, source, target, existing.contains(entry.key()), ctx.isSet("overwrite"));
                counts.merge(outcome, 1, Integer::sum);
                String message = outcome.message;
                if (ctx.isSet("delete-source") && outcome != Outcome.SKIPPED) {
                    step("delete source " + entry.describe(), () -> source.keystore().remove(entry.key()));
                    message += ", deleted source";
                    deleted++;
                }
                out.println(message);
            } catch (ItemFailure e) {
                failed++;
                out.println("failed: " + e.getMessage() + "; source kept");
            } catch (WrongPassphraseException e) {
                // Every further item would ask again and fail the same way.
                failed++;
                out.println("failed: " + e.getMessage() + "; source kept");
                out.println("Migration stopped. Source credentials were not deleted for the failed profile.");
                stopped = true;
                break;
            }
        }
        out.println();
        out.println("Migration summary:");
        out.println("  copied: " + counts.getOrDefault(Outcome.COPIED, 0));
        out.println("  overwritten: " + counts.getOrDefault(Outcome.OVERWRITTEN, 0));
        out.println("  skipped: " + counts.getOrDefault(Outcome.SKIPPED, 0));
        out.println("  deleted from source: " + deleted);
        if (failed > 0) {
            out.println("  failed: " + failed);
            throw new AwsVaultException(failed + " of " + entries.size() + " items failed to migrate"
                    + (stopped ? " (stopped at the first wrong passphrase)" : "") + "; their source items were kept");
        }
        return 0;
    }

    private static String required(CommandContext ctx, String flag) {
        return ctx.flag(flag).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new UsageException("required flag --" + flag + " not provided"));
    }

    /** Credentials sorted by name (as the fork lists them), then, if asked, sessions and tokens sorted by key. */
    private static List<Entry> entries(VaultContext vc, Vault source, Optional<String> profile, boolean sessions) {
        List<String> credentialNames = new ArrayList<>(source.credentials().names());
        credentialNames.sort(null);
        List<String> others = new ArrayList<>();
        if (sessions) {
            Set<String> credentialSet = new HashSet<>(credentialNames);
            for (String key : source.keys()) {
                if (!credentialSet.contains(key)) {
                    others.add(key);
                }
            }
            others.sort(null);
        }
        List<Entry> entries = new ArrayList<>();
        if (profile.isEmpty()) {
            credentialNames.forEach(n -> entries.add(new Entry(n, true)));
            others.forEach(k -> entries.add(new Entry(k, false)));
            return entries;
        }
        String name = profile.get();
        if (credentialNames.contains(name)) {
            entries.add(new Entry(name, true));
        }
        if (sessions) {
            // The profile's sessions, and its SSO token found through its start URL (as clear resolves it).
            String startUrl = new ConfigLoader(vc.config(), vc.environment(), ProfileConfig.Base.empty()).load(name)
                    .ssoStartUrl();
            for (String key : others) {
                boolean own = SessionKey.parse(key).map(s -> s.profileName().equals(name)).orElse(false)
                        || (!startUrl.isEmpty() && key.equals(SessionKeyring.OIDC_PREFIX + startUrl));
                if (own) {
                    entries.add(new Entry(key, false));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new AwsVaultException("profile \"" + name + "\" not found in source backend");
        }
        return entries;
    }

    private static void printDryRun(PrintStream out, String from, String to, List<Entry> entries, boolean sessions) {
        long credentials = entries.stream().filter(Entry::credential).count();
        String what = credentials + " credential profile(s)";
        if (sessions) {
            what += " and " + (entries.size() - credentials) + " session(s)/token(s)";
        }
        out.println("Would migrate " + what + " from " + from + " to " + to + ":");
        for (Entry e : entries) {
            out.println("  " + e.key());
        }
        out.println();
        out.println("No changes made.");
    }

    /** Copies one entry and reads it back. */
    private static Outcome migrate(Entry entry, Vault source, Vault target, boolean exists, boolean overwrite)
            throws ItemFailure {
        if (exists && !overwrite) {
            return Outcome.SKIPPED;
        }
        String what = entry.describe();
        if (entry.credential()) {
            // Re-stored through the credential layout, so the copy gets the label and keychain flags add gives it.
            AwsCredentials credentials = step("read source " + what,
                    () -> source.credentials().get(entry.key()).orElseThrow(() -> new AwsVaultException("not found")));
            step("write destination " + what, () -> {
                target.credentials().set(entry.key(), credentials);
                return null;
            });
            Optional<AwsCredentials> copy = step("verify destination " + what, () -> target.credentials().get(entry.key()));
            if (copy.isEmpty() || !copy.get().equals(credentials)) {
                throw new ItemFailure("verify destination " + what + ": credential mismatch");
            }
        } else {
            KeystoreItem item = step("read source " + what,
                    () -> source.keystore().get(entry.key()).orElseThrow(() -> new AwsVaultException("not found")));
            step("write destination " + what, () -> {
                target.keystore().set(item);
                return null;
            });
            Optional<KeystoreItem> copy = step("verify destination " + what, () -> target.keystore().get(entry.key()));
            // The payload is what matters; some backends keep no label or description.
            if (copy.isEmpty() || !Arrays.equals(copy.get().data(), item.data())) {
                throw new ItemFailure("verify destination " + what + ": data mismatch");
            }
        }
        return exists ? Outcome.OVERWRITTEN : Outcome.COPIED;
    }

    private interface Step<T> {
        T run();
    }

    /** Runs one keystore step; a wrong passphrase goes up as is (it stops the run), other errors name the step. */
    private static <T> T step(String what, Step<T> step) throws ItemFailure {
        try {
            return step.run();
        } catch (WrongPassphraseException e) {
            throw e;
        } catch (AwsVaultException e) {
            throw new ItemFailure(what + ": " + e.getMessage());
        }
    }
}
