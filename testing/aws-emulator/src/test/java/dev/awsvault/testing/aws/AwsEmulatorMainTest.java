package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.StsEmulatorTest.AKID;
import static dev.awsvault.testing.aws.StsEmulatorTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The standalone main, with only the emulator classes and jackson-core on its class path. */
class AwsEmulatorMainTest {

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void runsStandaloneWithSeededUser() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(AwsEmulator.class) + File.pathSeparator + location(JsonFactory.class);
        Process p = new ProcessBuilder(List.of(java, "-cp", cp, AwsEmulatorMain.class.getName(), "--port", "0",
                "--seed", "alice:" + AKID + ":" + SECRET, "--role", "arn:aws:iam::123456789012:role/Admin",
                "--log", "--exit-after", "60"))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (Exception e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            assertNotNull(first);
            assertTrue(first.startsWith("AWS emulator listening on http://127.0.0.1:"), first);
            URI endpoint = URI.create(first.substring(first.lastIndexOf(' ') + 1));
            try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(Sdk.basic(AKID, SECRET)).httpClient(Sdk.HTTP)
                    .overrideConfiguration(Sdk.noRetries()).build()) {
                assertEquals("arn:aws:iam::123456789012:user/alice", sts.getCallerIdentity().arn());
                assertEquals("arn:aws:sts::123456789012:assumed-role/Admin/main",
                        sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Admin").roleSessionName("main"))
                                .assumedRoleUser().arn());
            }
            // listeners hear of a call after its answer went out, so two quick calls may be logged in either order
            List<String> logged = CompletableFuture.supplyAsync(() -> {
                try {
                    return List.of(out.readLine(), out.readLine());
                } catch (Exception e) {
                    return List.<String>of();
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals(2, logged.size(), logged.toString());
            assertTrue(logged.stream().anyMatch(l -> l.startsWith("sts:GetCallerIdentity {} signed by " + AKID + " -> 200")),
                    logged.toString());
            assertTrue(logged.stream().anyMatch(l -> l.startsWith("sts:AssumeRole {RoleArn=arn:aws:iam::123456789012:role/Admin,"
                    + " RoleSessionName=main} signed by " + AKID + " -> 200")), logged.toString());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
