package dev.awsvault.plugins;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.core.VaultService;

/** {@code sources}: the registered credential sources and who provides each. */
@Component(service = Command.class, property = Command.NAME + "=sources")
public final class SourcesCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("sources", "List the registered credential sources.").build();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final VaultService vaults;

    @Activate
    public SourcesCommand(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference VaultService vaults) {
        this.context = context;
        this.scr = scr;
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        // Source bundles start on demand; asking the core for them starts them, so they are registered below.
        vaults.context(ctx).baseCredentialSources();
        PluginManager manager = new PluginManager(context, scr, PluginFolder.fromProperty(context.getProperty(PluginFolder.PROPERTY)));
        new RegisteredServices(context, manager).print(Registrations.Kind.SOURCE, null, ctx.invocation().out());
        return 0;
    }
}
