package dev.awsvault.commands;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.core.SessionKeyring;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;

/** {@code clear [profile]}: removes cached sessions (and OIDC tokens), as {@code cli/clear.go}. */
@Component(service = Command.class, property = Command.NAME + "=clear")
public final class ClearCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("clear",
            "Clear temporary credentials from the secure keystore.")
            .arg(ArgSpec.optional("profile", "Name of the profile").withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;

    @Activate
    public ClearCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        VaultContext vc = vaults.context(ctx);
        SessionKeyring sessions = vc.vault().sessions();
        Optional<String> profile = ctx.arg("profile");
        int n;
        if (profile.isEmpty()) {
            n = sessions.removeAll();
        } else {
            n = sessions.removeForProfile(profile.get());
            // Unlike the original (whose OIDC lookup never matches), the profile's own SSO token goes too; its start
            // URL is resolved as the credential chain resolves it (through [sso-session], include_profile, default).
            String startUrl = new ConfigLoader(vc.config(), vc.environment(), ProfileConfig.Base.empty())
                    .load(profile.get()).ssoStartUrl();
            if (!startUrl.isEmpty() && vc.vault().keystore().remove(SessionKeyring.OIDC_PREFIX + startUrl)) {
                n++;
            }
        }
        ctx.invocation().out().println("Cleared " + n + " sessions.");
        return 0;
    }
}
