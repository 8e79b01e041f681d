package dev.awsvault.commands;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.invocation.AgentControl;

/**
 * {@code agent start|status|stop|lock} (beyond the original): drives the resident agent through the front end's
 * {@link AgentControl} (the launcher registers one; inside the agent it is the agent's own).
 */
@Component(service = Command.class, property = Command.NAME + "=agent")
public final class AgentCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("agent",
                    "Manage the resident agent that keeps aws-vault started and the vault unlocked for a while.")
            .flag(FlagSpec.string("ttl", "With start: how long unlocked secrets are kept (e.g. 15m; 0 keeps none)")
                    .withEnvVar("AWS_VAULT_AGENT_TTL").withPlaceholder("TTL"))
            .arg(ArgSpec.required("action", "start, status, stop or lock"))
            .build();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentControl control;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        String action = ctx.arg("action").orElseThrow();
        AgentControl agent = control;
        if (!action.equals("start") && !action.equals("status") && !action.equals("stop") && !action.equals("lock")) {
            throw new UsageException("unknown action \"" + action + "\" (use start, status, stop or lock)");
        }
        if (agent == null) {
            throw new AwsVaultException("this front end runs no agent");
        }
        switch (action) {
            case "start":
                Optional<String> ttl = ctx.isGiven("ttl") ? ctx.flag("ttl") : Optional.empty();
                return agent.start(ctx.invocation(), ttl.orElse(null));
            case "status":
                return agent.status(ctx.invocation());
            case "stop":
                return agent.stop(ctx.invocation());
            default:
                return agent.lock(ctx.invocation());
        }
    }
}
