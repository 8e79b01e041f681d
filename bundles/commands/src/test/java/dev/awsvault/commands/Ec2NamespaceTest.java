package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec --ec2-server} on 169.254.169.254:80 for real, inside a network namespace this test creates
 * ({@code unshare -n} as root, {@code unshare -rn} otherwise): the proxy adds the address to lo, the real AWS CLI
 * finds the metadata service there on its own and signs with the session the server handed out, IMDSv2 works
 * through the proxy, a foreign Host and a client on a non-loopback interface are refused, and the alias is gone
 * afterwards.
 */
class Ec2NamespaceTest {
    @TempDir
    Path tmp;

    @Test
    void theRealMetadataAddressInANetworkNamespace() throws Exception {
        ServerTesting.requireAwsCli();
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        List<String> command = new ArrayList<>(List.of("unshare", root ? "-n" : "-rn",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Ec2NamespaceScenario.class.getName(), tmp.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        if (p.exitValue() != 0 && output.contains("unshare failed")) {
            String why = "cannot create a network namespace here: " + output.strip();
            if (ServerTesting.onCi()) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        assertEquals(0, p.exitValue(), output);
        Map<String, String> r = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                r.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertFalse(r.get("loBefore").contains("169.254.169.254"), output);
        assertEquals("0", r.get("status"), output);
        assertTrue(r.get("loDuring").contains("inet 169.254.169.254/24") && r.get("loDuring").contains("lo:0"), output);
        assertEquals("1", r.get("identityCalls"), output);
        assertEquals("session", r.get("signerKind"), output);
        assertEquals("1", r.get("sessionCalls"), output);
        assertTrue(r.get("log").contains("PUT /latest/api/token"), output);
        assertTrue(r.get("log").contains("GET /latest/meta-data/iam/security-credentials/local-credentials (IMDSv2)"),
                output);
        assertEquals("200 aws-vault", r.get("probe.instanceId"), output);
        assertEquals("401 Access denied for host 'evil.example'", r.get("probe.foreignHost"), output);
        assertEquals("200 issued", r.get("probe.token"), output);
        assertEquals("200 ASIA", r.get("probe.credentials"), output);
        assertEquals("403 Forbidden", r.get("probe.forwardedTokenRequest"), output);
        if (r.containsKey("probe.nonLoopbackClient") || ServerTesting.onCi()) {
            assertEquals("401 Access denied from non-localhost address", r.get("probe.nonLoopbackClient"), output);
        }
        assertFalse(r.get("loAfter").contains("169.254.169.254"), "the alias is removed: " + output);
        assertEquals("false", r.get("proxyRunningAfter"), output);
    }
}
