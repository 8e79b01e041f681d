package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.commands.server.EcsCredentialServer;
import dev.awsvault.commands.server.MetadataProxy;
import dev.awsvault.commands.server.RefreshingCredentials;
import dev.awsvault.core.CredentialChain;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.KeyInfo;

/**
 * {@code exec --ecs-server} and {@code --ec2-server} with the REAL AWS CLI v2 ({@code /usr/bin/aws}) as the child
 * and client, the real GetSessionToken and AssumeRole sources, and the AWS emulator as STS, which verifies every
 * SigV4 signature: what the CLI signs with must be the temporary key the server handed out.
 */
class ExecServersTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";
    static final String ROLE = "arn:aws:iam::123456789012:role/Deployer";

    @TempDir
    Path tmp;
    AwsEmulator emu;
    ServerVault vault;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).defineRole(ROLE);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path config = tmp.resolve("config");
        Files.writeString(config, "[profile p]\nregion = us-east-1\n");
        env.putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LANG", "C.UTF-8",
                "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString(),
                "AWS_ENDPOINT_URL", emu.endpoint().toString(), "AWS_PAGER", "", "OUT", tmp.toString(),
                "EMU", emu.endpoint().toString()));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // the caller's own credentials and profile must not reach the child
        env.put("AWS_ACCESS_KEY_ID", "AKIACALLER0000000000");
        env.put("AWS_SECRET_ACCESS_KEY", "caller-secret");
        env.put("AWS_PROFILE", "p");
        vault = new ServerVault(home, config, env);
        vault.vault().credentials().set("p", AwsCredentials.of(AKID, SECRET));
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private RecordingContext exec(String script, String... flags) {
        Fakes.TestInvocation inv = new Fakes.TestInvocation(List.of(), env, new Fakes.ScriptedTerminal());
        Fakes.Context c = new Fakes.Context(ExecCommand.SPEC, inv).arg("profile", "p").arg("cmd", "/bin/sh");
        c.rest.addAll(List.of("-c", script));
        for (String f : flags) {
            c.flag(f, "true");
        }
        return new RecordingContext(c);
    }

    private int run(RecordingContext ctx) {
        return new ExecCommand(vault).run(ctx);
    }

    private String read(String file) {
        try {
            return Files.readString(tmp.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> childEnv() {
        Map<String, String> m = new TreeMap<>();
        for (String line : read("env.txt").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static final String CALLER_IDENTITY = "/usr/bin/aws sts get-caller-identity --endpoint-url \"$EMU\" --output json";

    @Test
    void ecsServerTheCliSignsWithTheTemporaryKeyItWasHandedAndTheChildsStatusIsExecs() {
        ServerTesting.requireAwsCli();
        int status = run(exec("env > \"$OUT/env.txt\"; " + CALLER_IDENTITY + " > \"$OUT/out.json\" 2> \"$OUT/err.txt\";"
                + " echo $? > \"$OUT/rc\"; exit 7", "ecs-server"));
        assertEquals(7, status, "the child's exit status, not the original's 1");
        assertEquals("0\n", read("rc"), read("err.txt"));
        assertTrue(read("out.json").contains("\"Arn\": \"arn:aws:iam::123456789012:user/alice\""), read("out.json"));

        List<Call> sts = emu.calls("GetSessionToken");
        assertEquals(1, sts.size(), "one session, fetched before the child started");
        assertEquals(AKID, sts.get(0).accessKeyId());
        Call identity = emu.calls("GetCallerIdentity").get(0);
        KeyInfo key = emu.describeKey(identity.accessKeyId()).orElseThrow();
        assertEquals("session", key.kind(), "the CLI signed with the server's temporary key: " + key);
        assertEquals(AKID, key.issuedFrom());

        Map<String, String> child = childEnv();
        assertTrue(child.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").matches("http://127\\.0\\.0\\.1:\\d+"), child::toString);
        assertTrue(child.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").matches("[A-Za-z0-9_-]{40}"), child::toString);
        assertEquals("p", child.get("AWS_VAULT"));
        assertEquals("us-east-1", child.get("AWS_REGION"));
        assertEquals("us-east-1", child.get("AWS_DEFAULT_REGION"));
        for (String absent : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE")) {
            assertFalse(child.containsKey(absent), absent + " in " + child.keySet());
        }
    }

    @Test
    void roleArnRouteServesTheRoleAssumedWithTheSession() {
        ServerTesting.requireAwsCli();
        int status = run(exec("AWS_CONTAINER_CREDENTIALS_FULL_URI=\"$AWS_CONTAINER_CREDENTIALS_FULL_URI/role-arn/"
                + ROLE + "\" " + CALLER_IDENTITY + " > \"$OUT/out.json\" 2> \"$OUT/err.txt\"", "server"));
        assertEquals(0, status, read("err.txt"));
        assertTrue(read("out.json").contains("assumed-role/Deployer/"), read("out.json"));
        Call assume = emu.calls("AssumeRole").get(0);
        assertEquals(ROLE, assume.param("RoleArn"));
        assertTrue(assume.param("RoleSessionName").matches("\\d{19}"), "Unix nanoseconds: " + assume.param("RoleSessionName"));
        assertEquals("session", emu.describeKey(assume.accessKeyId()).orElseThrow().kind(), "assumed with the session");
        KeyInfo signer = emu.describeKey(emu.calls("GetCallerIdentity").get(0).accessKeyId()).orElseThrow();
        assertEquals("role", signer.kind());
    }

    @Test
    void aWrongTokenIsRefusedWithTheOriginals403() {
        ServerTesting.requireAwsCli();
        int status = run(exec("AWS_CONTAINER_AUTHORIZATION_TOKEN=not-the-token AWS_MAX_ATTEMPTS=1 " + CALLER_IDENTITY
                + " > \"$OUT/out.json\" 2> \"$OUT/err.txt\"", "ecs-server", "lazy"));
        assertEquals(255, status, read("err.txt"));
        assertTrue(read("err.txt").contains("(403)") && read("err.txt").contains("invalid Authorization token"),
                read("err.txt"));
        assertEquals(0, emu.callCount("GetCallerIdentity"));
        assertEquals(0, emu.callCount("GetSessionToken"), "--lazy and no authorized request: no STS call");
    }

    @Test
    void manyCliProcessesAtOnceMakeOneStsCall() {
        ServerTesting.requireAwsCli();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            script.append(CALLER_IDENTITY).append(" > \"$OUT/out").append(i).append(".json\" 2> \"$OUT/err").append(i)
                    .append(".txt\" & ");
        }
        script.append("wait");
        assertEquals(0, run(exec(script.toString(), "ecs-server", "lazy")));
        assertEquals(1, emu.callCount("GetSessionToken"), () -> emu.calls().toString());
        Set<String> signers = emu.calls("GetCallerIdentity").stream().map(Call::accessKeyId).collect(Collectors.toSet());
        assertEquals(6, emu.callCount("GetCallerIdentity"), read("err0.txt"));
        assertEquals(1, signers.size(), signers::toString);
    }

    @Test
    void aCachedSessionWithinTheMinimumTtlIsRenewedBeforeItIsServed() throws Exception {
        ServerTesting.requireAwsCli();
        vault.vault().sessions().set(CredentialSource.GET_SESSION_TOKEN, "p", "",
                AwsCredentials.of("ASIASTALE00000000001", "stale", "stale-token", Instant.now().plusSeconds(240)));
        int status = run(exec("/usr/bin/aws configure export-credentials --format process > \"$OUT/out.json\""
                + " 2> \"$OUT/err.txt\"", "ecs-server"));
        assertEquals(0, status, read("err.txt"));
        String out = read("out.json");
        assertFalse(out.contains("ASIASTALE"), out);
        assertEquals(1, emu.callCount("GetSessionToken"));
        String expiration = out.replaceAll("(?s).*\"Expiration\": \"([^\"]+)\".*", "$1");
        Instant served = java.time.OffsetDateTime.parse(expiration).toInstant();
        assertTrue(served.isAfter(Instant.now().plus(Duration.ofMinutes(50))), expiration);
    }

    @Test
    void aChildKilledBySignalGives128PlusTheSignal() {
        assertEquals(143, run(exec("kill -TERM $$", "ecs-server")));
        assertEquals(137, run(exec("kill -KILL $$", "ecs-server", "lazy")));
    }

    @Test
    void withoutLazyAFailureToGetCredentialsEndsExecBeforeTheChild() {
        emu.failNext("GetSessionToken", "AccessDenied", 403);
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> run(exec("touch \"$OUT/ran\"", "ecs-server")));
        assertTrue(e.getMessage().startsWith("Retrieving creds: "), e.getMessage());
        assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("ran")));
    }

    @Test
    void theOriginalsFlagChecks() {
        Map<List<String>, String> refused = Map.of(
                List.of("ecs-server", "ec2-server"), "Can't use --ec2-server with --ecs-server",
                List.of("server", "ec2-server"), "Can't use --ec2-server with --ecs-server",
                List.of("ecs-server", "json"), "Can't use --ecs-server with --json",
                List.of("server", "no-session"), "Can't use --ecs-server with --no-session",
                List.of("ec2-server", "json"), "Can't use --ec2-server with --json",
                List.of("ec2-server", "no-session"), "Can't use --ec2-server with --no-session");
        refused.forEach((flags, message) -> {
            AwsVaultException e = assertThrows(AwsVaultException.class,
                    () -> run(exec("true", flags.toArray(String[]::new))));
            assertEquals(message, e.getMessage(), flags::toString);
        });
        for (String server : List.of("ecs-server", "ec2-server")) {
            RecordingContext ctx = exec("true", server).flag("prompt", "terminal");
            assertEquals("Can't use --prompt=terminal with --" + server + ". Specify a different prompt driver",
                    assertThrows(AwsVaultException.class, () -> run(ctx)).getMessage());
        }
        assertTrue(emu.calls().isEmpty());
    }

    /** Many clients at once on a lazy server through the real chain: the session is fetched once. */
    @Test
    void manyHttpClientsAtOnceMakeOneStsCall() throws Exception {
        ProfileConfig profile = new ConfigLoader(vault.config(), env, ProfileConfig.Base.empty()).load("p");
        CredentialChain chain = new CredentialChain(vault, false).avoidTerminalPrompts(true);
        RefreshingCredentials base = new RefreshingCredentials(chain.provider(profile), Duration.ofMinutes(5),
                new ReentrantLock());
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try (EcsCredentialServer server = EcsCredentialServer.start(base, arn -> null, s -> { })) {
            HttpClient http = HttpClient.newHttpClient(); // its own executor: the client threads block in send
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                    .header("Authorization", server.authorizationToken()).build();
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                responses.add(clients.submit(() -> http.send(request, HttpResponse.BodyHandlers.ofString())));
            }
            Set<String> bodies = new java.util.HashSet<>();
            for (Future<HttpResponse<String>> f : responses) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                bodies.add(r.body());
            }
            assertEquals(1, bodies.size(), "everyone got the same credentials");
            assertEquals(1, emu.callCount("GetSessionToken"));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void ec2ServerOnLoopbackTheCliUsesImdsV2ThroughTheProxy() throws Exception {
        ServerTesting.requireAwsCli();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new com.sun.security.auth.module.UnixSystem().getUid() == 0 || ServerTesting.onCi(),
                "starting the proxy without sudo needs root");
        int metadataPort = ServerTesting.freePort();
        int serverPort = ServerTesting.freePort();
        env.put("AWS_VAULT_EC2_METADATA_ADDRESS", "127.0.0.1:" + metadataPort);
        env.put("AWS_VAULT_EC2_SERVER_ADDRESS", "127.0.0.1:" + serverPort);
        env.remove("AWS_EC2_METADATA_DISABLED");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + metadataPort + "/");
        RecordingContext ctx = exec("env > \"$OUT/env.txt\"; " + CALLER_IDENTITY + " > \"$OUT/out.json\""
                + " 2> \"$OUT/err.txt\"", "ec2-server");
        int status;
        try (AutoCloseable launcher = ServerTesting.fakeLauncher(tmp.resolve("install"))) {
            status = run(ctx);
        }
        assertEquals(0, status, read("err.txt") + ctx.debugLines);
        KeyInfo signer = emu.describeKey(emu.calls("GetCallerIdentity").get(0).accessKeyId()).orElseThrow();
        assertEquals("session", signer.kind());
        String log = String.join("\n", ctx.debugLines);
        assertTrue(log.contains("EC2 metadata server: PUT /latest/api/token"), log);
        assertTrue(log.contains("GET /latest/meta-data/iam/security-credentials/local-credentials (IMDSv2)"), log);
        assertFalse(log.contains("(IMDSv1)"), log);
        Map<String, String> child = childEnv();
        assertFalse(child.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        assertFalse(child.containsKey("AWS_ACCESS_KEY_ID"));
        assertFalse(MetadataProxy.requestStop(dev.awsvault.commands.server.Ec2Endpoints.from(env)),
                "exec stopped the proxy");
        assertNotEquals(AKID, signer.accessKeyId());
    }

    @Test
    void ec2ServerRefusesWhenTheMetadataAddressIsTaken() throws Exception {
        int metadataPort = ServerTesting.freePort();
        env.put("AWS_VAULT_EC2_METADATA_ADDRESS", "127.0.0.1:" + metadataPort);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(metadataPort, 5,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            AwsVaultException e = assertThrows(AwsVaultException.class, () -> run(exec("true", "ec2-server")));
            assertEquals("Another process is already bound to 127.0.0.1:" + metadataPort, e.getMessage());
        }
    }
}
