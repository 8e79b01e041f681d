package dev.awsvault.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.VaultService;

/**
 * {@code login [profile]}: a sign-in link for the AWS Console ({@code cli/login.go}), opened in the default browser
 * or printed. The doing is {@link ConsoleLogin}; this class names no AWS SDK type, so registering the command never
 * loads the SDK.
 */
@Component(service = Command.class, property = Command.NAME + "=login")
public final class LoginCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("login", "Generate a login link for the AWS Console.")
            .flag(FlagSpec.string("duration",
                    "Duration of the assume-role or federated session. Defaults to 1h").withShort('d'))
            .flag(CredentialFlags.NO_SESSION)
            .flag(FlagSpec.bool("auto-logout", "Auto logout when starting a new login").withShort('a')
                    .withEnvVar("AWS_VAULT_AUTO_LOGOUT"))
            .flag(CredentialFlags.MFA_TOKEN)
            .flag(FlagSpec.string("path", "The AWS service you would like access"))
            .flag(CredentialFlags.REGION)
            .flag(FlagSpec.bool("stdout", "Print login URL to stdout instead of opening in default browser")
                    .withShort('s'))
            .arg(ArgSpec.optional("profile",
                    "Name of the profile. If none given, credentials will be sourced from env vars")
                    .withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;
    private final BrowserOpener browser;

    @Activate
    public LoginCommand(@Reference VaultService vaults) {
        this(vaults, BrowserOpener.SYSTEM);
    }

    LoginCommand(VaultService vaults, BrowserOpener browser) {
        this.vaults = vaults;
        this.browser = browser;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        return new ConsoleLogin(ctx, vaults.context(ctx), browser).run();
    }
}
