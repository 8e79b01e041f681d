package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.StsEmulatorTest.AKID;
import static dev.awsvault.testing.aws.StsEmulatorTest.MFA;
import static dev.awsvault.testing.aws.StsEmulatorTest.MFA_CODE;
import static dev.awsvault.testing.aws.StsEmulatorTest.ROLE;
import static dev.awsvault.testing.aws.StsEmulatorTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The REAL AWS CLI v2 (botocore's own SigV4 and Query serializer) against the emulator. Skipped, with a message, only
 * when /usr/bin/aws is absent (Debian package {@code awscli}).
 */
class AwsCliTest {
    static final Path AWS = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;
    AwsEmulator emu;

    record Result(int exit, String stdout, String stderr) {
    }

    @BeforeAll
    static void needsTheCli() {
        String ci = System.getenv("CI");
        if (!Files.isExecutable(AWS) && ci != null && !ci.isEmpty() && !ci.equals("false")) {
            throw new AssertionError("AWS CLI v2 not installed at /usr/bin/aws; on CI it must be (.ci/run installs awscli)");
        }
        Assumptions.assumeTrue(Files.isExecutable(AWS),
                "AWS CLI v2 not installed at /usr/bin/aws (apt-get install awscli): real-CLI interop tests skipped");
    }

    @BeforeEach
    void start() throws IOException {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).expectMfa(MFA, MFA_CODE).defineRole(ROLE);
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(tmp.resolve("config"), "");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private Result aws(Map<String, String> creds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AWS.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", emu.endpoint().toString(), "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("AWS_CONFIG_FILE", tmp.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.putAll(creds);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Map<String, String> keys(String akid, String secret) {
        Map<String, String> m = new HashMap<>();
        m.put("AWS_ACCESS_KEY_ID", akid);
        m.put("AWS_SECRET_ACCESS_KEY", secret);
        return m;
    }

    @Test
    void getCallerIdentityWithLongTermKeys() throws Exception {
        Result r = aws(keys(AKID, SECRET), "sts", "get-caller-identity");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("\"Arn\": \"arn:aws:iam::123456789012:user/alice\""), r.stdout());
        Call call = emu.calls().get(0);
        assertEquals("GetCallerIdentity", call.action());
        assertEquals(AKID, call.accessKeyId());
        assertEquals(200, call.status());
    }

    @Test
    void getCallerIdentityWithASessionTokenFromTheSdk() throws Exception {
        Credentials c;
        try (StsClient sts = Sdk.sts(emu, Sdk.basic(AKID, SECRET))) {
            c = sts.getSessionToken().credentials();
        }
        Map<String, String> env = keys(c.accessKeyId(), c.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", c.sessionToken());
        Result r = aws(env, "sts", "get-caller-identity");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(c.accessKeyId(), emu.calls("GetCallerIdentity").get(0).accessKeyId());

        env.put("AWS_SESSION_TOKEN", c.sessionToken() + "x");
        r = aws(env, "sts", "get-caller-identity");
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("InvalidClientTokenId"), r.stderr());
    }

    @Test
    void wrongSecretIsRefusedToTheCliToo() throws Exception {
        Result r = aws(keys(AKID, "not-the-secret"), "sts", "get-caller-identity");
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("SignatureDoesNotMatch"), r.stderr());
    }

    @Test
    void assumeRoleSerializedByBotocore() throws Exception {
        Result r = aws(keys(AKID, SECRET), "sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "cli",
                "--duration-seconds", "900", "--serial-number", MFA, "--token-code", MFA_CODE,
                "--tags", "Key=team,Value=blue", "--transitive-tag-keys", "team", "--source-identity", "alice");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/Admin/cli\""), r.stdout());
        Call call = emu.calls("AssumeRole").get(0);
        assertEquals("900", call.param("DurationSeconds"));
        assertEquals("team", call.param("Tags.member.1.Key"));
        assertEquals("blue", call.param("Tags.member.1.Value"));
        assertEquals("team", call.param("TransitiveTagKeys.member.1"));
        assertTrue(call.secretMatches("TokenCode", MFA_CODE));
    }

    @Test
    void iamThroughTheCli() throws Exception {
        Result r = aws(keys(AKID, SECRET), "iam", "list-access-keys");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains(AKID), r.stdout());
        assertEquals("iam", emu.calls().get(0).service());
    }
}
