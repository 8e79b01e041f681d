package dev.awsvault.commands.server;

import java.util.Arrays;

/**
 * Stands in for {@code bin/aws-vault} in the module's tests: {@code proxy} serves the metadata proxy of this build
 * (what the real launcher would run through the commands bundle), with the environment's addresses.
 */
public final class TestProxyMain {
    private TestProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (!Arrays.asList(args).equals(java.util.List.of("proxy"))) {
            System.err.println("TestProxyMain: expected the single argument proxy, got " + Arrays.toString(args));
            System.exit(2);
        }
        // quiet like the real proxy without --debug; a failure still ends the JVM with its message and status 1
        MetadataProxy.serveUntilStopped(Ec2Endpoints.from(System.getenv()), line -> { });
    }
}
