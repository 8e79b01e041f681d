package dev.awsvault.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.KeyInfo;
import dev.awsvault.testing.keystore.Peers;

/**
 * The credential servers through the assembled launcher, with the REAL AWS CLI v2 ({@code /usr/bin/aws}) as the
 * client nobody here wrote and the AWS emulator as STS (it verifies every SigV4 signature):
 * {@code exec --ecs-server} (the CLI signs with the temporary key the server handed out, the child's exit status, a
 * wrong token, many CLIs at once making one STS call), {@code exec --ec2-server} on 169.254.169.254:80 inside a
 * network namespace this test creates, and a profile whose {@code credential_process} is {@code aws-vault export}.
 */
class ServersIT {
    static final Path AWS_CLI = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;
    AwsEmulator aws;
    Sandbox sandbox;

    @BeforeEach
    void start() {
        if (!Files.isExecutable(AWS_CLI)) {
            String why = "the AWS CLI v2 is not installed at /usr/bin/aws (Debian package awscli)";
            if (Peers.onCi()) {
                throw new AssertionError(why + "; CI must run the AWS CLI tests");
            }
            Assumptions.abort(why);
        }
        aws = AwsEmulator.start().seedUser("home-user", Fixture.HOME_ACCESS_KEY_ID, Fixture.HOME_SECRET_ACCESS_KEY);
        sandbox = Sandbox.withFixture(tmp).setenv("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .setenv("AWS_PAGER", "");
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private String[] callerIdentity() {
        return new String[] {AWS_CLI.toString(), "sts", "get-caller-identity", "--endpoint-url",
                aws.endpoint().toString(), "--output", "json"};
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void ecsServerTheCliSignsWithTheTemporaryKeyTheServerHandedOut() {
        Result r = sandbox.run(concat(new String[] {"exec", "--ecs-server", "home", "--"}, callerIdentity()));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.outText().contains("\"Arn\": \"arn:aws:iam::123456789012:user/home-user\""), r::describe);
        List<Call> sessions = aws.calls("GetSessionToken");
        assertEquals(1, sessions.size(), sessions::toString);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, sessions.get(0).accessKeyId());
        KeyInfo signer = aws.describeKey(aws.calls("GetCallerIdentity").get(0).accessKeyId()).orElseThrow();
        assertEquals("session", signer.kind(), signer::toString);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, signer.issuedFrom());
    }

    @Test
    void ecsServerTheChildsEnvironment() {
        Result r = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", "AKIACALLER", "AWS_PROFILE", "work"), "exec", "-s", "home",
                "--", "env");
        assertEquals(0, r.exitCode(), r::describe);
        Map<String, String> env = new TreeMap<>(Checks.parseEnv(r.outText()));
        assertTrue(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").matches("http://127\\.0\\.0\\.1:\\d+"), r::describe);
        assertTrue(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").matches("[A-Za-z0-9_-]{40}"), r::describe);
        assertEquals("home", env.get("AWS_VAULT"));
        assertEquals(Fixture.REGION, env.get("AWS_REGION"));
        assertEquals(Fixture.REGION, env.get("AWS_DEFAULT_REGION"));
        for (String absent : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_VAULT_FILE_PASSPHRASE")) {
            assertFalse(env.containsKey(absent), absent + ": " + r.describe());
        }
    }

    /** The child runs while the server serves: it inherits stdin, stdout and stderr only, and SIGTERM reaches it. */
    @Test
    void ecsServerTheChildGetsNoDescriptorOfTheJvmAndSigtermIsPassedOn() throws Exception {
        Sandbox.Started started = sandbox.start("exec", "--ecs-server", "home", "--", "sleep", "30");
        ProcessHandle sleep = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sleep == null && started.isAlive() && System.nanoTime() < deadline) {
            sleep = ProcessHandle.of(started.pid()).stream().flatMap(ProcessHandle::descendants)
                    .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).findFirst()
                    .orElse(null);
            Thread.sleep(20);
        }
        assertTrue(sleep != null, "the child runs under aws-vault");
        Set<String> fds;
        try (var list = Files.list(Path.of("/proc", String.valueOf(sleep.pid()), "fd"))) {
            fds = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("0", "1", "2"), fds);
        started.terminate(); // SIGTERM to aws-vault (the launcher's JVM), which passes it on
        Result r = started.await();
        assertEquals(143, r.exitCode(), r::describe);
        try {
            sleep.onExit().get(10, TimeUnit.SECONDS); // the signal was passed on: it ends (its reaping may lag)
        } catch (java.util.concurrent.TimeoutException e) {
            // asserted below
        }
        assertFalse(sleep.isAlive());
    }

    @Test
    void ecsServerTheExitStatusIsTheChilds() {
        Result r = sandbox.run("exec", "--ecs-server", "home", "--", "sh", "-c", "exit 7");
        assertEquals(7, r.exitCode(), r::describe);
        assertEquals("", r.errText(), r::describe);
        assertEquals(143, sandbox.run("exec", "--ecs-server", "--lazy", "home", "--", "sh", "-c", "kill -TERM $$")
                .exitCode());
    }

    @Test
    void ecsServerAWrongTokenGetsTheOriginals403() {
        Result r = sandbox.run(Map.of("AWS_MAX_ATTEMPTS", "1"), concat(new String[] {"exec", "--ecs-server", "--lazy",
                "home", "--", "env", "AWS_CONTAINER_AUTHORIZATION_TOKEN=not-the-token"}, callerIdentity()));
        assertEquals(255, r.exitCode(), r::describe);
        assertTrue(r.errText().contains("(403)") && r.errText().contains("invalid Authorization token"), r::describe);
        assertEquals(0, aws.callCount("GetCallerIdentity"));
        assertEquals(0, aws.callCount("GetSessionToken"), "--lazy: nothing fetched for a refused client");
    }

    @Test
    void ecsServerManyCliProcessesAtOnceMakeOneStsCall() {
        String cli = String.join(" ", callerIdentity());
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            script.append(cli).append(" > /dev/null & p=\"$p $!\"; ");
        }
        script.append("for j in $p; do wait $j || exit 1; done");
        Result r = sandbox.run("exec", "--ecs-server", "--lazy", "home", "--", "sh", "-c", script.toString());
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(1, aws.callCount("GetSessionToken"), () -> aws.calls().toString());
        assertEquals(6, aws.callCount("GetCallerIdentity"), r::describe);
        Set<String> signers = aws.calls("GetCallerIdentity").stream().map(Call::accessKeyId).collect(Collectors.toSet());
        assertEquals(1, signers.size(), signers::toString);
    }

    @Test
    void theOriginalsFlagChecks() {
        Checks.assertOneLineError("aws-vault: error: exec: Can't use --ec2-server with --ecs-server",
                sandbox.run("exec", "--ec2-server", "-s", "home", "--", "true"));
        Checks.assertOneLineError("aws-vault: error: exec: Can't use --ecs-server with --no-session",
                sandbox.run("exec", "--ecs-server", "--no-session", "home", "--", "true"));
        Checks.assertOneLineError("aws-vault: error: exec: Can't use --prompt=terminal with --ec2-server. Specify a"
                + " different prompt driver", sandbox.run("--prompt", "terminal", "exec", "--ec2-server", "home", "--",
                        "true"));
        assertTrue(aws.calls().isEmpty());
    }

    @Test
    void aProfileWhoseCredentialProcessIsAwsVaultExport() throws IOException {
        Files.writeString(sandbox.config(), "\n[profile via-export]\nregion = " + Fixture.REGION
                + "\ncredential_process = " + Sandbox.LAUNCHER + " export --format json home\n",
                StandardOpenOption.APPEND);
        Result r = runCli(sandbox.environment(), concat(callerIdentity(), "--profile", "via-export"));
        assertEquals(0, r.exitCode(), r::describe);
        KeyInfo signer = aws.describeKey(aws.calls("GetCallerIdentity").get(0).accessKeyId()).orElseThrow();
        assertEquals("session", signer.kind(), signer::toString);
    }

    /**
     * {@code exec --ec2-server} as the original runs it, on 169.254.169.254:80, inside a network namespace of its own
     * (root here and on CI: {@code unshare -n}; else {@code unshare -rn}) with its own AWS emulator: the proxy adds
     * the address to lo, the CLI finds the metadata service with no setting at all and uses IMDSv2, and the alias is
     * gone afterwards.
     */
    @Test
    void ec2ServerOnTheRealMetadataAddressInANetworkNamespace() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("ns"));
        int port = 18_000 + (int) (ProcessHandle.current().pid() % 1000);
        String emulator = "http://127.0.0.1:" + port;
        String script = String.join("\n",
                "ip link set lo up || exit 90",
                "\"$JAVA\" -cp \"$CP\" dev.awsvault.testing.aws.AwsEmulatorMain --port " + port + " --seed home-user:"
                        + Fixture.HOME_ACCESS_KEY_ID + ":" + Fixture.HOME_SECRET_ACCESS_KEY + " --log > \"$OUT/emu.log\" 2>&1 &",
                "EMU=$!",
                "i=0; until grep -q listening \"$OUT/emu.log\"; do i=$((i+1)); [ $i -gt 300 ] && exit 91; sleep 0.1; done",
                "ip -4 -o addr show dev lo > \"$OUT/lo-before\"",
                "\"$LAUNCHER\" exec --ec2-server home -- sh -c '" + AWS_CLI + " sts get-caller-identity --endpoint-url "
                        + emulator + " --output json; rc=$?; ip -4 -o addr show dev lo > \"$OUT/lo-during\"; exit $rc'",
                "echo $? > \"$OUT/rc\"",
                "i=0; while ip -4 -o addr show dev lo | grep -q 169.254.169.254; do i=$((i+1)); [ $i -gt 100 ] && break;"
                        + " sleep 0.1; done",
                "ip -4 -o addr show dev lo > \"$OUT/lo-after\"",
                "kill $EMU");
        Map<String, String> env = new TreeMap<>(sandbox.environment());
        env.put("AWS_ENDPOINT_URL", emulator);
        env.put("AWS_METADATA_SERVICE_TIMEOUT", "5"); // a loaded CI machine; the route is what is tested
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CP", System.getProperty("java.class.path"));
        env.put("OUT", out.toString());
        env.put("LAUNCHER", Sandbox.LAUNCHER.toString());
        boolean root = Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        Result r = runProcess(env, "unshare", root ? "-n" : "-rn", "sh", "-c", script);
        if (r.exitCode() != 0 && r.errText().contains("unshare failed")) {
            String why = "cannot create a network namespace here: " + r.errText().strip();
            if (Peers.onCi()) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        String log = read(out.resolve("emu.log"));
        String all = r.describe() + "\nemulator log:\n" + log;
        assertEquals(0, r.exitCode(), all);
        assertEquals("0", read(out.resolve("rc")).strip(), all);
        assertTrue(r.outText().contains("\"Arn\": \"arn:aws:iam::123456789012:user/home-user\""), all);
        assertFalse(read(out.resolve("lo-before")).contains("169.254.169.254"), all);
        assertTrue(read(out.resolve("lo-during")).contains("169.254.169.254/24"), all);
        assertFalse(read(out.resolve("lo-after")).contains("169.254.169.254"), "the alias is removed: " + all);
        List<String> identity = log.lines().filter(l -> l.contains("GetCallerIdentity")).toList();
        assertEquals(1, identity.size(), all);
        assertTrue(identity.get(0).contains("signed by ASIA") && identity.get(0).endsWith("-> 200"), all);
        assertTrue(log.lines().anyMatch(l -> l.contains("GetSessionToken") && l.contains("signed by "
                + Fixture.HOME_ACCESS_KEY_ID)), all);
    }

    private Result runCli(Map<String, String> env, String... command) {
        return runProcess(env, command);
    }

    private Result runProcess(Map<String, String> env, String... command) {
        try {
            Path stdout = Files.createTempFile(tmp, "out", ".txt");
            Path stderr = Files.createTempFile(tmp, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 180 s: " + read(stderr));
            }
            return new Result(List.of(command), p.exitValue(), Files.readAllBytes(stdout), Files.readAllBytes(stderr),
                    (System.nanoTime() - started) / 1_000_000, p.pid());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
