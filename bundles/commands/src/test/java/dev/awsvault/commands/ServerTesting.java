package dev.awsvault.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;

/** What the server-mode tests share: the real AWS CLI, free ports, a stand-in launcher for the root proxy. */
final class ServerTesting {
    static final Path AWS_CLI = Path.of("/usr/bin/aws");

    private ServerTesting() {
    }

    /** Whether this is the CI run, where the AWS CLI tests must run (.ci/run sets CI). */
    static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equals("false");
    }

    /** The AWS CLI v2 of the Debian package: skipped off CI when absent, a failure on CI. */
    static void requireAwsCli() {
        if (!Files.isExecutable(AWS_CLI)) {
            String why = "the AWS CLI v2 is not installed at /usr/bin/aws (Debian package awscli)";
            if (onCi()) {
                throw new AssertionError(why + "; CI must run the AWS CLI tests");
            }
            Assumptions.abort(why);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code <dir>/bin/aws-vault}: runs {@link dev.awsvault.commands.server.TestProxyMain} (the proxy of this build) in
     * a JVM of its own, as the real launcher runs {@code aws-vault proxy}; {@code aws-vault.home} points at it until
     * the returned handle is closed.
     */
    static AutoCloseable fakeLauncher(Path dir) {
        Path bin = dir.resolve("bin");
        Path script = bin.resolve("aws-vault");
        try {
            Files.createDirectories(bin);
            Files.writeString(script, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "' -cp '" + System.getProperty("java.class.path")
                    + "' dev.awsvault.commands.server.TestProxyMain \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String before = System.getProperty("aws-vault.home");
        System.setProperty("aws-vault.home", dir.toString());
        return () -> {
            if (before == null) {
                System.clearProperty("aws-vault.home");
            } else {
                System.setProperty("aws-vault.home", before);
            }
        };
    }
}
