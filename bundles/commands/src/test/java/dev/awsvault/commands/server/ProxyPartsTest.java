package dev.awsvault.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;

/** The proxy's parts that need no root: addresses, alias commands and messages, the relay on loopback. */
class ProxyPartsTest {

    @Test
    void endpointsDefaultToTheOriginalsAndMoveForTests() {
        Ec2Endpoints d = Ec2Endpoints.from(Map.of());
        assertEquals("169.254.169.254:80", d.metadataText());
        assertEquals("127.0.0.1:9099", d.serverText());
        assertEquals(Set.of("169.254.169.254", "169.254.169.254:80"), d.allowedHosts());
        Ec2Endpoints t = Ec2Endpoints.from(Map.of(Ec2Endpoints.METADATA_ENV, "127.0.0.1:18080",
                Ec2Endpoints.SERVER_ENV, "127.0.0.1:18081"));
        assertEquals(Set.of("127.0.0.1:18080"), t.allowedHosts());
        assertEquals(18081, t.server().getPort());
        for (String bad : List.of("localhost:80", "169.254.169.254", "1.2.3.256:80", "1.2.3.4:0", "1.2.3.4:70000")) {
            AwsVaultException e = assertThrows(AwsVaultException.class,
                    () -> Ec2Endpoints.from(Map.of(Ec2Endpoints.METADATA_ENV, bad)));
            assertEquals("invalid AWS_VAULT_EC2_METADATA_ADDRESS \"" + bad + "\": expected <IPv4 address>:<port>",
                    e.getMessage());
        }
    }

    @Test
    void aliasCommandsAreTheOriginals() {
        LoopbackAlias linux = new LoopbackAlias("Linux", c -> null);
        List<String> add = linux.addCommand("169.254.169.254");
        assertTrue(add.get(0).endsWith("ip"), add.toString());
        assertEquals(List.of("addr", "add", "169.254.169.254/24", "dev", "lo", "label", "lo:0"), add.subList(1, add.size()));
        assertEquals(List.of("addr", "del", "169.254.169.254/24", "dev", "lo", "label", "lo:0"),
                linux.removeCommand("169.254.169.254").subList(1, 8));
        List<String> mac = new LoopbackAlias("Mac OS X", c -> null).addCommand("169.254.169.254");
        assertTrue(mac.get(0).endsWith("ifconfig"));
        assertEquals(List.of("lo0", "alias", "169.254.169.254"), mac.subList(1, 4));
        assertEquals(List.of("lo0", "-alias", "169.254.169.254"),
                new LoopbackAlias("FreeBSD", c -> null).removeCommand("169.254.169.254").subList(1, 4));
        assertEquals(List.of("netsh", "interface", "ipv4", "add", "address", "Loopback Pseudo-Interface 1",
                "169.254.169.254", "255.255.0.0"), new LoopbackAlias("Windows 11", c -> null).addCommand("169.254.169.254"));
    }

    @Test
    void aliasFailuresSayWhatIsMissing() throws Exception {
        InetAddress ip = InetAddress.getByName("169.254.169.254");
        LoopbackAlias refused = new LoopbackAlias("Linux",
                c -> new LoopbackAlias.Result(2, "RTNETLINK answers: Operation not permitted\n"));
        assertEquals("cannot add 169.254.169.254 to the loopback interface: RTNETLINK answers: Operation not permitted"
                + " (run `aws-vault proxy` as root, e.g. with sudo)",
                assertThrows(AwsVaultException.class, () -> refused.add(ip)).getMessage());
        LoopbackAlias exists = new LoopbackAlias("Windows 10",
                c -> new LoopbackAlias.Result(1, "Das Objekt ist bereits vorhanden.\r\n"));
        exists.add(ip); // netsh's "already exists" is success, as in the original
        LoopbackAlias elevated = new LoopbackAlias("Windows 10",
                c -> new LoopbackAlias.Result(1, "The requested operation requires elevation (Run as administrator).\r\n"));
        assertTrue(assertThrows(AwsVaultException.class, () -> elevated.add(ip)).getMessage()
                .endsWith("(run `aws-vault proxy` as Administrator)"));
    }

    @Test
    void theProxyPassesConnectionsOnAndStopsOnRequest() throws Exception {
        int metadataPort = freePort();
        int serverPort = freePort();
        Ec2Endpoints endpoints = Ec2Endpoints.from(Map.of(Ec2Endpoints.METADATA_ENV, "127.0.0.1:" + metadataPort,
                Ec2Endpoints.SERVER_ENV, "127.0.0.1:" + serverPort));
        List<List<String>> aliasCommands = new ArrayList<>();
        LoopbackAlias alias = new LoopbackAlias("Linux", c -> {
            aliasCommands.add(c);
            return new LoopbackAlias.Result(0, "");
        });
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        MetadataProxy proxy = MetadataProxy.start(endpoints, alias, log::add);
        InetSocketAddress metadata = new InetSocketAddress("127.0.0.1", metadataPort);
        try {
            assertTrue(aliasCommands.isEmpty(), "127.0.0.1 is already local: no alias");
            RawHttp.Response noServer = RawHttp.request(metadata, "GET", "/latest/meta-data/instance-id/",
                    Map.of("Host", "127.0.0.1:" + metadataPort));
            assertEquals(502, noServer.status());
            assertEquals("no aws-vault EC2 credential server on 127.0.0.1:" + serverPort + "\n", noServer.body());

            try (Ec2MetadataServer server = Ec2MetadataServer.start(endpoints,
                    () -> AwsCredentials.of("ASIAX", "s", "t", java.time.Instant.now().plusSeconds(3600)), "",
                    s -> { })) {
                RawHttp.Response token = RawHttp.request(metadata, "PUT", "/latest/api/token",
                        Map.of("Host", "127.0.0.1:" + metadataPort, "X-aws-ec2-metadata-token-ttl-seconds", "60"));
                assertEquals(200, token.status(), "headers pass through unchanged");
                RawHttp.Response creds = RawHttp.request(metadata, "GET",
                        "/latest/meta-data/iam/security-credentials/local-credentials",
                        Map.of("Host", "127.0.0.1:" + metadataPort, "X-aws-ec2-metadata-token", token.body()));
                assertTrue(creds.body().contains("\"AccessKeyId\":\"ASIAX\""), creds.body());
                assertEquals(401, RawHttp.request(metadata, "GET", "/", Map.of("Host", "evil.example")).status(),
                        "the Host reaches the server as the client sent it");
            }
            assertTrue(MetadataProxy.requestStop(endpoints));
            proxy.awaitStop();
            // (not isRunning: on a busy shared machine another process may take the freed port at once)
            assertFalse(MetadataProxy.requestStop(endpoints), "no proxy answers any more");
        } finally {
            proxy.close();
        }
    }

    @Test
    void aBusyPortIsAClearErrorAndTheAliasIsTakenBack() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Ec2Endpoints endpoints = Ec2Endpoints.from(Map.of(Ec2Endpoints.METADATA_ENV,
                    "127.0.0.1:" + taken.getLocalPort()));
            AwsVaultException e = assertThrows(AwsVaultException.class,
                    () -> MetadataProxy.start(endpoints, new LoopbackAlias("Linux", c -> null), s -> { }));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    e.getMessage());
        }
    }

    @Test
    void theProxyIsStartedThroughSudoUnlessAlreadyRoot(@org.junit.jupiter.api.io.TempDir Path bin) throws Exception {
        Path sudo = java.nio.file.Files.writeString(bin.resolve("sudo"), "#!/bin/sh\n");
        sudo.toFile().setExecutable(true);
        Path launcher = Path.of("/opt/aws-vault/bin/aws-vault");
        List<String> user = ProxyProcess.command(launcher, false, false, Map.of("PATH", "/nonexistent:" + bin));
        assertEquals(sudo.toString(), user.get(0));
        assertEquals(List.of("-H", "-b", launcher.toString(), "proxy"), user.subList(1, user.size()));
        List<String> root = ProxyProcess.command(launcher, true, false, Map.of());
        assertEquals(List.of(launcher.toString(), "proxy"), root.subList(root.size() - 2, root.size()));
        assertFalse(root.contains("sudo"));
        assertEquals(List.of(launcher.toString(), "proxy"), ProxyProcess.command(launcher, false, true, Map.of()));
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> ProxyProcess.command(launcher, false, false, Map.of("PATH", "/nonexistent")));
        assertEquals("cannot start the EC2 metadata proxy: binding the metadata address needs root, and sudo is not"
                + " on PATH", e.getMessage());
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
