package dev.awsvault.invocation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The resident agent, as the {@code agent} command drives it. Registered by the launcher: in a cold run it starts an
 * agent or reports that none runs; inside the agent it answers for the agent itself. Each method writes its report to
 * the invocation's streams and returns the exit status.
 */
@ProviderType
public interface AgentControl {

    /**
     * Starts an agent for the caller and returns once it serves requests (or reports the one already running).
     *
     * @param ttl how long unlocked secrets are kept, as a Go duration ({@code 15m}, {@code 0} to keep none), or null
     *            for the configured default
     */
    int start(Invocation invocation, String ttl);

    /** Reports the running agent (pid, uptime, unlocked until); status 0 when one runs, 1 when none does. */
    int status(Invocation invocation);

    /** Stops the running agent, wiping what it kept. */
    int stop(Invocation invocation);

    /** Makes the running agent forget every secret it keeps. */
    int lock(Invocation invocation);
}
