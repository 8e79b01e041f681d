package dev.awsvault.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jline.terminal.Terminal;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;

/**
 * {@code aws-vault shell}: an interactive shell on the caller's terminal whose every line runs through the core's
 * {@link CommandRunner}, so it has no verb of its own.
 */
@Component(service = Command.class, property = Command.NAME + "=shell")
public final class ShellCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("shell", "Open an interactive aws-vault shell").build();

    /**
     * The runner is taken only when the shell starts: the core references every command, this one included, so
     * asking for the runner while this component is activated would be a circular activation.
     */
    private final ComponentServiceObjects<CommandRunner> runners;

    @Activate
    public ShellCommand(@Reference ComponentServiceObjects<CommandRunner> runners) {
        this.runners = runners;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext context) {
        Invocation invocation = context.invocation();
        if (invocation instanceof NestedInvocation) {
            throw new AwsVaultException("already in the aws-vault shell");
        }
        if (!invocation.terminal().isInputTerminal()) {
            throw new AwsVaultException("standard input is not a terminal");
        }
        CommandRunner runner = runners.getService();
        try (Terminal terminal = SystemTerminal.open()) {
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            ShellHistory history = new ShellHistory(ShellHistory.defaultFile(invocation.environment()), warnings);
            return new Shell(runner, invocation, terminal, history, warnings).run();
        } catch (java.io.IOException e) {
            throw new AwsVaultException("cannot close the terminal: " + e.getMessage());
        } finally {
            runners.ungetService(runner);
        }
    }
}
