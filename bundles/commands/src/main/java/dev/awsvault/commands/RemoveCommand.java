package dev.awsvault.commands;

import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultService;

/** {@code remove|rm <profile>}: deletes stored credentials after confirmation, as {@code cli/remove.go}. */
@Component(service = Command.class, property = Command.NAME + "=remove")
public final class RemoveCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("remove", "Remove credentials from the secure keystore.")
            .alias("rm")
            .flag(FlagSpec.bool("force", "Force-remove the profile without a prompt").withShort('f'))
            .flag(FlagSpec.bool("sessions-only", "Only remove sessions, leave credentials intact").withShort('s')
                    .asHidden())
            .arg(ArgSpec.required("profile", "Name of the profile").withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;

    @Activate
    public RemoveCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        String profile = ctx.arg("profile").orElseThrow();
        Vault vault = vaults.context(ctx).vault();
        if (ctx.isSet("sessions-only")) {
            int n = vault.sessions().removeForProfile(profile);
            ctx.invocation().out().println("Deleted " + n + " sessions.");
            return 0;
        }
        if (!vault.credentials().has(profile)) {
            throw new AwsVaultException("The specified item could not be found in the keyring");
        }
        if (!ctx.isSet("force")) {
            String answer = ctx.invocation().terminal()
                    .readLine("Delete credentials for profile \"" + profile + "\"? (y|N) ");
            String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            if (!a.equals("y") && !a.equals("yes")) {
                return 0;
            }
        }
        vault.credentials().remove(profile);
        ctx.invocation().out().println("Deleted credentials.");
        return 0;
    }
}
