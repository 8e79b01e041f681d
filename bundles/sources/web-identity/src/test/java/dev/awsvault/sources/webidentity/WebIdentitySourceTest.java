package dev.awsvault.sources.webidentity;

import dev.awsvault.testing.source.TestRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.KeyInfo;
import dev.awsvault.testing.aws.RoleSpec;

class WebIdentitySourceTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/WebRole";
    static final String TOKEN = "eyJ.canary-web-identity-token.sig";

    final WebIdentitySource source = new WebIdentitySource();
    AwsEmulator emu;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().defineRole(RoleSpec.of(ROLE).maxSessionDuration(Duration.ofHours(4)))
                .acceptWebIdentityToken(TOKEN + "\n", "system:serviceaccount:ns:sa");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    TestRequest request() {
        return new TestRequest(emu.endpoint()).set("role_arn", ROLE);
    }

    Path tokenFile(String content) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, content);
        return f;
    }

    String fail(TestRequest r) {
        String m = assertThrows(CredentialSourceException.class, () -> source.providerFor(r).orElseThrow().retrieve())
                .getMessage();
        assertFalse(m.contains("canary"), m);
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void appliesWithATokenFileOrProcess() {
        assertEquals("sts.AssumeRoleWithWebIdentity", source.name());
        assertTrue(source.providerFor(request()).isEmpty());
        assertTrue(source.providerFor(request().set("web_identity_token_file", "")).isEmpty());
        assertTrue(source.providerFor(request().set("web_identity_token_file", "/x")).isPresent());
        assertTrue(source.providerFor(request().set("web_identity_token_process", "echo x")).isPresent());
        assertEquals(0, emu.calls().size());
    }

    @Test
    void tokenFileIsSentVerbatimUnsigned() throws Exception {
        TestRequest r = request().set("web_identity_token_file", tokenFile(TOKEN + "\n").toString())
                .set("role_session_name", "ci-run");
        r.duration = Duration.ofHours(2);
        AwsCredentials c = source.providerFor(r).orElseThrow().retrieve();
        Call call = emu.calls("AssumeRoleWithWebIdentity").get(0);
        assertTrue(call.ok(), call.toString());
        assertNull(call.accessKeyId(), "unsigned");
        assertTrue(call.secretMatches("WebIdentityToken", TOKEN + "\n"));
        assertEquals(ROLE, call.param("RoleArn"));
        assertEquals("ci-run", call.param("RoleSessionName"));
        assertEquals("7200", call.param("DurationSeconds"));
        KeyInfo k = emu.describeKey(c.accessKeyId()).orElseThrow();
        assertEquals("role", k.kind());
        assertTrue(c.sessionToken().isPresent() && c.canExpire());
    }

    @Test
    void aTrimmedTokenWouldBeADifferentToken() throws Exception {
        // the emulator accepts only the token with its newline: the file without one is refused by AWS
        String m = fail(request().set("web_identity_token_file", tokenFile(TOKEN).toString()));
        assertTrue(m.startsWith("operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400"),
                m);
        assertTrue(m.contains("api error InvalidIdentityToken: "), m);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void tokenProcessStdoutIsSentAsItIs() throws Exception {
        TestRequest r = request().set("web_identity_token_process", "printf '%s\\n' \"$TOKEN\"");
        r.env.put("TOKEN", TOKEN);
        source.providerFor(r).orElseThrow().retrieve();
        Call call = emu.calls("AssumeRoleWithWebIdentity").get(0);
        assertTrue(call.secretMatches("WebIdentityToken", TOKEN + "\n"));
        String name = call.param("RoleSessionName");
        assertTrue(name.matches("\\d{19}"), name);
        assertEquals("3600", call.param("DurationSeconds"));
    }

    @Test
    void theFileWinsOverTheProcess() throws Exception {
        source.providerFor(request().set("web_identity_token_file", tokenFile(TOKEN + "\n").toString())
                .set("web_identity_token_process", "exit 1")).orElseThrow().retrieve();
        assertEquals(1, emu.callCount("AssumeRoleWithWebIdentity"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingTokenProcess() {
        TestRequest r = request().set("web_identity_token_process", "echo \"$TOKEN\"; exit 4");
        r.env.put("TOKEN", TOKEN);
        assertEquals("web_identity_token_process \"echo \\\"$TOKEN\\\"; exit 4\" failed: exit status 4", fail(r));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void missingTokenFile() {
        Path missing = dir.resolve("nope");
        assertEquals("unable to read web_identity_token_file " + missing + ": no such file",
                fail(request().set("web_identity_token_file", missing.toString())));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void roleArnIsRequired() throws Exception {
        TestRequest r = new TestRequest(emu.endpoint()).set("web_identity_token_file",
                tokenFile(TOKEN + "\n").toString());
        assertEquals("profile test: web identity (web_identity_token_file or web_identity_token_process) requires"
                + " role_arn", fail(r));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void noRegion() throws Exception {
        TestRequest r = request().set("web_identity_token_file", tokenFile(TOKEN + "\n").toString());
        r.aws = new TestRequest.Settings(null, emu.endpoint(), 2);
        assertEquals("failed to resolve service endpoint, an AWS region is required, but was not found", fail(r));
    }
}
