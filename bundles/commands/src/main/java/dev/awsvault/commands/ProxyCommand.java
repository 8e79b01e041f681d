package dev.awsvault.commands;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.commands.server.Ec2Endpoints;
import dev.awsvault.commands.server.MetadataProxy;

/**
 * {@code proxy} (hidden; alias {@code server}): the root half of {@code exec --ec2-server} ({@code cli/proxy.go}).
 * Adds {@code 169.254.169.254} to the loopback interface, listens on port 80 and passes connections on to the
 * credential server of {@code exec} on {@code 127.0.0.1:9099} until {@code GET /stop}, {@code --stop}, SIGINT, SIGTERM
 * or SIGHUP, then removes the alias. {@code --stop} stops a running proxy.
 */
@Component(service = Command.class, property = Command.NAME + "=proxy")
public final class ProxyCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("proxy", "Start a proxy for the ec2 instance role server locally.")
            .alias("server")
            .hidden()
            .flag(FlagSpec.bool("stop", "Stop the proxy"))
            .build();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        Ec2Endpoints endpoints = Ec2Endpoints.from(ctx.invocation().environment());
        if (ctx.isSet("stop")) {
            if (!MetadataProxy.requestStop(endpoints)) {
                throw new AwsVaultException("no EC2 metadata proxy answered on " + endpoints.metadataText());
            }
            return 0;
        }
        try {
            MetadataProxy.serveUntilStopped(endpoints, ctx::debug);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
