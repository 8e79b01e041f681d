package dev.awsvault.commands.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.invocation.ChildProgram;

/**
 * {@code exec}'s server modes ({@code cli/exec.go}): start the server, run the program as a child with the server's
 * variables, stop the server when the child ends and return the child's exit status.
 */
public final class CredentialServers {
    static final String ECS_HELP = "Starting a local ECS credential server; your app's AWS sdk must support"
            + " AWS_CONTAINER_CREDENTIALS_FULL_URI.";

    private CredentialServers() {
    }

    /**
     * How exec talks to the user: {@code help} lines go to stderr when the original shows help messages (a subshell
     * on a terminal), to the debug log otherwise; {@code subshellHelp} is empty when a command was given.
     */
    public record Messages(Consumer<String> help, Consumer<String> debug, String subshellHelp) {
        public void subshell() {
            if (!subshellHelp.isEmpty()) {
                help.accept(subshellHelp);
            }
        }
    }

    /**
     * {@code --ecs-server}: without {@code lazy} the credentials are fetched before anything starts, and a failure
     * ends exec ("Retrieving creds: …"); the child gets {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} and no keys.
     */
    public static int ecs(CredentialProvider base, Function<String, CredentialProvider> roles, boolean lazy,
            ChildProgram child, Messages messages) {
        messages.help().accept(ECS_HELP);
        if (!lazy) {
            try {
                base.retrieve();
            } catch (AwsVaultException e) {
                throw new AwsVaultException("Retrieving creds: " + e.getMessage(), e);
            }
        }
        try (EcsCredentialServer server = EcsCredentialServer.start(base, roles, messages.debug())) {
            Map<String, String> env = new HashMap<>(child.environment());
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.baseUrl());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", server.authorizationToken());
            messages.debug().accept("Setting subprocess env AWS_CONTAINER_CREDENTIALS_FULL_URI,"
                    + " AWS_CONTAINER_AUTHORIZATION_TOKEN");
            messages.subshell();
            return ChildProcess.run(new ChildProgram(child.executable(), child.argv(), env,
                    child.workingDirectory()));
        }
    }

    /**
     * {@code --ec2-server}: refuses when something already answers on the metadata address, starts the credential
     * server and then the root proxy, runs the child (which gets no credential variables: SDKs find the metadata
     * address themselves) and stops the proxy afterwards. As the original, a failed pre-fetch is not fatal: the
     * metadata route reports it (504) to the child.
     */
    public static int ec2(CredentialProvider credentials, String region, Ec2Endpoints endpoints,
            Map<String, String> environment, ChildProgram child, Messages messages) {
        if (MetadataProxy.isRunning(endpoints.metadata())) {
            throw new AwsVaultException("Another process is already bound to " + endpoints.metadataText());
        }
        messages.help().accept("Warning: Starting a local EC2 credential server on " + endpoints.metadataText()
                + "; AWS credentials will be accessible to any process while it is running");
        try (Ec2MetadataServer server = Ec2MetadataServer.start(endpoints, credentials, region, messages.debug())) {
            try {
                credentials.retrieve(); // so the first request is answered quickly: SDKs time out aggressively
            } catch (AwsVaultException e) {
                messages.debug().accept("Pre-fetching credentials failed: " + e.getMessage());
            }
            Optional<Process> proxy;
            try {
                proxy = ProxyProcess.start(endpoints, environment, messages.debug());
            } catch (AwsVaultException e) {
                MetadataProxy.requestStop(endpoints); // in case it came up after all
                throw e;
            }
            try {
                messages.subshell();
                return ChildProcess.run(child);
            } finally {
                if (MetadataProxy.requestStop(endpoints)) {
                    ProxyProcess.awaitEnd(proxy);
                } else {
                    messages.debug().accept("The EC2 metadata proxy on " + endpoints.metadataText()
                            + " did not answer " + MetadataProxy.STOP_PATH);
                }
            }
        }
    }
}
