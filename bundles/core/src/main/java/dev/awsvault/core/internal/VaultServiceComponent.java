package dev.awsvault.core.internal;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.command.CommandContext;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;

/**
 * Hands a command the vault context of its run. The context was made by the dispatcher with that run's plugin
 * snapshot, so this component needs no references of its own (which keeps DS free of a cycle with the commands).
 */
@Component(service = VaultService.class)
public final class VaultServiceComponent implements VaultService {

    @Override
    public VaultContext context(CommandContext command) {
        if (command instanceof DefaultCommandContext) {
            return ((DefaultCommandContext) command).vaultContext();
        }
        throw new IllegalArgumentException("not a context made by the core: " + command);
    }
}
