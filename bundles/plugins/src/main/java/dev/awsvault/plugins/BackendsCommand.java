package dev.awsvault.plugins;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.core.VaultService;

/** {@code backends}: the registered keystore backends, whether each works here, and who provides it. */
@Component(service = Command.class, property = Command.NAME + "=backends")
public final class BackendsCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("backends",
            "List the registered keystore backends and whether each is available here.").build();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final VaultService vaults;

    @Activate
    public BackendsCommand(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference VaultService vaults) {
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
        KeystoreContext keystore = vaults.context(ctx).keystoreContext();
        PluginManager manager = new PluginManager(context, scr, PluginFolder.fromProperty(context.getProperty(PluginFolder.PROPERTY)));
        new RegisteredServices(context, manager).print(Registrations.Kind.BACKEND,
                service -> ((KeystoreBackend) service).isAvailable(keystore), ctx.invocation().out());
        return 0;
    }
}
