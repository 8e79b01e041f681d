package dev.awsvault.plugins;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.core.VaultService;

/** {@code prompts}: the registered prompt drivers, whether each works here, and who provides it. */
@Component(service = Command.class, property = Command.NAME + "=prompts")
public final class PromptsCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("prompts",
            "List the registered prompt drivers and whether each is available here.").build();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final VaultService vaults;

    @Activate
    public PromptsCommand(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference VaultService vaults) {
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
        PromptContext prompts = vaults.context(ctx).promptContext();
        PluginManager manager = new PluginManager(context, scr, PluginFolder.fromProperty(context.getProperty(PluginFolder.PROPERTY)));
        new RegisteredServices(context, manager).print(Registrations.Kind.PROMPT,
                service -> ((PromptDriver) service).isAvailable(prompts), ctx.invocation().out());
        return 0;
    }
}
