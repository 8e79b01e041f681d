package dev.awsvault.invocation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The service a front end calls to run one command line. Registered by the core; found by front ends through the
 * service registry.
 */
@ProviderType
public interface CommandRunner {

    /**
     * Runs the command named by the invocation's arguments and returns the process exit status. Errors are written
     * to the invocation's error stream as one line; this method does not throw for user errors.
     */
    int run(Invocation invocation);
}
