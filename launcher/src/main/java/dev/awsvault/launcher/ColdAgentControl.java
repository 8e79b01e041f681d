package dev.awsvault.launcher;

import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import dev.awsvault.invocation.AgentControl;
import dev.awsvault.invocation.Invocation;

/**
 * {@code agent …} in a cold run: {@code start} starts a detached agent; the others are relayed to an agent when one
 * listens (a caller that skipped it with AWS_VAULT_AGENT_SKIP), else report that none runs.
 */
final class ColdAgentControl implements AgentControl {
    private final Distribution distribution;
    private final Debug debug;

    ColdAgentControl(Distribution distribution, Debug debug) {
        this.distribution = distribution;
        this.debug = debug;
    }

    @Override
    public int start(Invocation invocation, String ttl) {
        Path socket = AgentSocket.path(invocation.environment(), AgentSocket.uid());
        SocketChannel channel = AgentClient.connect(socket);
        if (channel != null) {
            return relay(invocation, channel); // the running agent says it runs already
        }
        try {
            long pid = AgentStarter.start(distribution, invocation.environment(), ttl, debug);
            AgentStarter.report(invocation.err(), pid, socket);
            return 0;
        } catch (LauncherException e) {
            return error(invocation, e);
        }
    }

    @Override
    public int status(Invocation invocation) {
        return relayOrNone(invocation);
    }

    @Override
    public int stop(Invocation invocation) {
        return relayOrNone(invocation);
    }

    @Override
    public int lock(Invocation invocation) {
        return relayOrNone(invocation);
    }

    private int relayOrNone(Invocation invocation) {
        SocketChannel channel = AgentClient.connect(AgentSocket.path(invocation.environment(), AgentSocket.uid()));
        if (channel == null) {
            invocation.err().println("No aws-vault agent is running");
            return 1;
        }
        return relay(invocation, channel);
    }

    private int relay(Invocation invocation, SocketChannel channel) {
        try {
            AgentClient.Outcome outcome = AgentClient.relay(channel, distribution.id(), List.copyOf(invocation.arguments()),
                invocation.environment(), invocation.workingDirectory(), invocation.out(), invocation.err(),
                invocation.terminal());
            if (outcome.runCold()) {
                invocation.err().println(outcome.fallback.isEmpty() ? "the running agent did not take the command" : outcome.fallback);
                return 1;
            }
            return outcome.status;
        } catch (LauncherException e) {
            return error(invocation, e);
        }
    }

    private static int error(Invocation invocation, LauncherException e) {
        invocation.err().println("aws-vault: error: agent: " + EmbeddedFramework.oneLine(e));
        return 1;
    }
}
