package dev.awsvault.commands;

import java.util.List;

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

/** {@code export <profile>}: prints credentials in one of four formats ({@code cli/export.go}). */
@Component(service = Command.class, property = Command.NAME + "=export")
public final class ExportCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("export", "Export AWS credentials.")
            .errorPrefix("exec") // sic: the original reports export's errors as exec's
            .flag(CredentialFlags.DURATION)
            .flag(CredentialFlags.NO_SESSION)
            .flag(CredentialFlags.REGION)
            .flag(CredentialFlags.MFA_TOKEN)
            .flag(CredentialFlags.STDOUT)
            .flag(FlagSpec.enumeration("format", "Format to output credentials. Valid values are env, export-env, json, ini",
                    List.of("env", "export-env", "json", "ini")).withDefault("env"))
            .arg(ArgSpec.optional("profile", "Name of the profile").withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;

    @Activate
    public ExportCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        CredentialFlags.refuseNesting(ctx.invocation().environment(), "in");
        CredentialRequest r = CredentialRequest.resolve(ctx, vaults.context(ctx));
        ExportFormat format = ExportFormat.of(ctx.flag("format").orElse("env"));
        ctx.invocation().out().print(format.render(r.profileName, r.credentials, r.region()));
        ctx.invocation().out().flush();
        return 0;
    }
}
