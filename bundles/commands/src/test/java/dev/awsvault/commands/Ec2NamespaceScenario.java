package dev.awsvault.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.commands.server.MetadataProxy;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;

/**
 * {@code exec --ec2-server} on the real metadata address: run by {@link Ec2NamespaceTest} inside a network namespace
 * of its own ({@code unshare -n}), where adding 169.254.169.254 to lo and binding port 80 harm nothing. Starts the
 * AWS emulator there, runs exec with the default addresses (the root proxy through a stand-in launcher), lets the
 * child run the real AWS CLI without any endpoint setting for IMDS, and prints {@code name=value} lines.
 */
public final class Ec2NamespaceScenario {
    private Ec2NamespaceScenario() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(args[0]);
        sh("ip link set lo up");
        // a non-loopback interface, to connect from an address that is local but not on lo (veth may be missing)
        boolean veth = sh("ip link add avv0 type veth peer name avv1 && ip addr add 10.77.0.1/24 dev avv0"
                + " && ip addr add 10.77.0.2/24 dev avv1 && ip link set avv0 up && ip link set avv1 up") == 0;
        System.out.println("loBefore=" + lo());
        try (AwsEmulator emu = AwsEmulator.start().seedUser("alice", "AKIAALICE00000000001", "alice-secret")) {
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path config = tmp.resolve("config");
            Files.writeString(config, "[profile p]\nregion = eu-west-1\n");
            Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(),
                    "LANG", "C.UTF-8", "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE",
                    tmp.resolve("none").toString(), "AWS_ENDPOINT_URL", emu.endpoint().toString(), "AWS_PAGER", "",
                    "OUT", tmp.toString(), "EMU", emu.endpoint().toString()));
            env.put("AWS_METADATA_SERVICE_TIMEOUT", "5"); // a loaded CI machine; the route is what is tested
            env.put("PROBE", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                    + System.getProperty("java.class.path") + " dev.awsvault.commands.server.Ec2NamespaceProbe"
                    + (veth ? " 10.77.0.2" : ""));
            ServerVault vault = new ServerVault(home, config, env);
            vault.vault().credentials().set("p", AwsCredentials.of("AKIAALICE00000000001", "alice-secret"));

            Fakes.TestInvocation inv = new Fakes.TestInvocation(List.of(), env, new Fakes.ScriptedTerminal());
            Fakes.Context c = new Fakes.Context(ExecCommand.SPEC, inv).arg("profile", "p").arg("cmd", "/bin/sh")
                    .flag("ec2-server", "true");
            c.rest.addAll(List.of("-c", "/usr/bin/aws sts get-caller-identity --endpoint-url \"$EMU\" --output json"
                    + " > \"$OUT/out.json\" 2> \"$OUT/err.txt\"; rc=$?; ip -4 -o addr show dev lo > \"$OUT/lo-during\";"
                    + " $PROBE > \"$OUT/probe\" 2>&1; exit $rc"));
            RecordingContext ctx = new RecordingContext(c);
            Path install = tmp.resolve("install");
            int status;
            try (AutoCloseable launcher = ServerTesting.fakeLauncher(install)) {
                status = new ExecCommand(vault).run(ctx);
            }
            System.out.println("status=" + status);
            System.out.println("err=" + Files.readString(tmp.resolve("err.txt")).replace('\n', ' '));
            System.out.println("loDuring=" + Files.readString(tmp.resolve("lo-during")).replace('\n', ' '));
            Files.readAllLines(tmp.resolve("probe")).forEach(l -> System.out.println("probe." + l));
            List<Call> identity = emu.calls("GetCallerIdentity");
            System.out.println("identityCalls=" + identity.size());
            if (!identity.isEmpty()) {
                System.out.println("signerKind=" + emu.describeKey(identity.get(0).accessKeyId()).map(k -> k.kind())
                        .orElse("unknown"));
            }
            System.out.println("sessionCalls=" + emu.callCount("GetSessionToken"));
            System.out.println("log=" + String.join(" | ", ctx.debugLines));
            // exec waits for the proxy it started to end, so the alias is gone when exec returns
            System.out.println("loAfter=" + lo());
            System.out.println("proxyRunningAfter=" + MetadataProxy.isRunning(
                    new java.net.InetSocketAddress("169.254.169.254", 80)));
        }
        System.exit(0);
    }

    private static String lo() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-4", "-o", "addr", "show", "dev", "lo").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.replace('\n', ' ');
    }

    private static int sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            System.out.println("note=" + script + ": " + out.replace('\n', ' '));
        }
        return rc;
    }
}
