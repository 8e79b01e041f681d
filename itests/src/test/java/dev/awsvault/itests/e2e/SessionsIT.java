package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.parseEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;

/**
 * Sessions through the assembled launcher, against the local AWS emulator (which verifies every SigV4 signature):
 * GetSessionToken from the stored keys, the session cache across processes, MFA, a role assumed from a source
 * profile, one STS call for many processes at once, and an unreachable endpoint.
 */
class SessionsIT {
    static final String ROLE = "arn:aws:iam::111111111111:role/admin";
    static final String MFA = "arn:aws:iam::111111111111:mfa/home";

    @TempDir
    Path tmp;
    AwsEmulator aws;
    Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        aws = AwsEmulator.start()
                .seedUser("home-user", Fixture.HOME_ACCESS_KEY_ID, Fixture.HOME_SECRET_ACCESS_KEY)
                .defineRole(ROLE)
                .expectMfa(MFA, "123456");
        sandbox = Sandbox.withFixture(tmp).setenv("AWS_ENDPOINT_URL", aws.endpoint().toString());
        Files.writeString(sandbox.config(), "\n[profile admin]\nregion = eu-west-1\nsource_profile = home\nrole_arn = " + ROLE + "\n"
                + "\n[profile secure]\nregion = eu-west-1\nmfa_serial = " + MFA + "\n", StandardOpenOption.APPEND);
        Result add = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", Fixture.HOME_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", Fixture.HOME_SECRET_ACCESS_KEY), "add", "--env", "secure");
        assertEquals(0, add.exitCode(), add::describe);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void execGetsASessionTokenSignedByTheStoredKeyAndTheNextRunUsesTheCache() {
        Result first = sandbox.run("exec", "home", "--", "env");
        assertEquals(0, first.exitCode(), first::describe);
        Map<String, String> env = parseEnv(first.outText());
        assertTrue(env.get("AWS_ACCESS_KEY_ID").startsWith("ASIA"), first::describe);
        assertTrue(env.containsKey("AWS_SESSION_TOKEN"), first::describe);
        assertTrue(env.get("AWS_CREDENTIAL_EXPIRATION").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), first::describe);
        List<Call> calls = aws.calls("GetSessionToken");
        assertEquals(1, calls.size(), calls::toString);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, calls.get(0).accessKeyId());
        assertEquals("3600", calls.get(0).param("DurationSeconds"));

        Result second = sandbox.run("exec", "home", "--", "env");
        assertEquals(env.get("AWS_ACCESS_KEY_ID"), parseEnv(second.outText()).get("AWS_ACCESS_KEY_ID"), second::describe);
        assertEquals(1, aws.callCount("GetSessionToken"), "the second exec uses the cached session");

        Result list = sandbox.run("list");
        assertTrue(list.outText().lines().anyMatch(l -> l.startsWith("home ") && l.contains("sts.GetSessionToken:")),
                list::describe);
        Result clear = sandbox.run("clear");
        assertEquals("Cleared 1 sessions.\n", clear.outText(), clear::describe);
    }

    @Test
    void mfaCodeFromTheFlagAndAWrongCodeIsAOneLineErrorWithNothingCached() {
        Result wrong = sandbox.run("exec", "--mfa-token", "000000", "secure", "--", "true");
        assertOneLineError(wrong);
        assertTrue(wrong.errText().contains("MultiFactorAuthentication failed"), wrong::describe);
        assertFalse(sandbox.run("list", "--sessions").outText().contains("sts.GetSessionToken"));

        Result right = sandbox.run("export", "--mfa-token", "123456", "secure");
        assertEquals(0, right.exitCode(), right::describe);
        Call call = aws.calls("GetSessionToken").get(aws.calls("GetSessionToken").size() - 1);
        assertEquals(MFA, call.param("SerialNumber"));
        assertTrue(call.secretMatches("TokenCode", "123456"));
    }

    @Test
    void aRoleIsAssumedFromTheSourceProfilesStoredKeys() {
        Result r = sandbox.run("export", "--format", "json", "admin");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.outText().contains("\"SessionToken\""), r::describe);
        List<Call> assume = aws.calls("AssumeRole");
        assertEquals(1, assume.size(), assume::toString);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, assume.get(0).accessKeyId(), "no GetSessionToken without matching MFA");
        assertEquals(ROLE, assume.get(0).param("RoleArn"));
        assertEquals(0, aws.callCount("GetSessionToken"));
    }

    @Test
    void manyProcessesAtOnceMakeOneCall() {
        List<Sandbox.Started> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            started.add(sandbox.start("export", "--format", "json", "home"));
        }
        for (Sandbox.Started s : started) {
            Result r = s.await();
            assertEquals(0, r.exitCode(), r::describe);
        }
        assertEquals(1, aws.callCount("GetSessionToken"), () -> aws.calls().toString());
    }

    @Test
    void ssoDeviceCodeSignInOnceThenTheCachedTokenAndSession() throws Exception {
        aws.grantSsoRole("111111111111", "dev").deviceInterval(1);
        Files.writeString(sandbox.config(), "\n[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\n"
                + "sso_role_name = dev\nregion = eu-west-1\n[sso-session corp]\n"
                + "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n", StandardOpenOption.APPEND);
        sandbox.setenv("AWS_VAULT_SSO_DEVICE_CODE", "1");
        Sandbox.Started signIn = sandbox.start("export", "--stdout", "--format", "json", "sso");
        long deadline = System.currentTimeMillis() + 30_000;
        while (aws.pendingUserCodes().isEmpty() && System.currentTimeMillis() < deadline && signIn.isAlive()) {
            Thread.sleep(100);
        }
        assertFalse(aws.pendingUserCodes().isEmpty(), "the device authorization was started");
        aws.approveDevice(aws.pendingUserCodes().get(0));
        Result first = signIn.await();
        assertEquals(0, first.exitCode(), first::describe);
        assertTrue(first.outText().contains("\"SessionToken\""), first::describe);
        assertTrue(first.errText().startsWith("Open the SSO authorization page in a browser (use Ctrl-C to abort)\n"),
                first::describe);

        int calls = aws.calls().size();
        Result again = sandbox.run("export", "--stdout", "--format", "json", "sso");
        assertEquals(0, again.exitCode(), again::describe);
        assertEquals(calls, aws.calls().size(), "the role session comes from the cache: no call at all");

        Result clear = sandbox.run("clear", "sso"); // the role session and the SSO token (through [sso-session])
        assertEquals("Cleared 2 sessions.\n", clear.outText(), clear::describe);
        assertEquals(0, sandbox.run("list", "--sessions").outText().lines().count());
    }

    @Test
    void ssoTokenAndRoleSessionAreCached() throws Exception {
        aws.grantSsoRole("111111111111", "dev").seedSsoToken("seeded-token", java.time.Duration.ofHours(8));
        Files.writeString(sandbox.config(), "\n[profile sso2]\nsso_start_url = https://corp.awsapps.com/start\n"
                + "sso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = dev\nregion = eu-west-1\n",
                StandardOpenOption.APPEND);
        sandbox.setenv("AWS_VAULT_SSO_DEVICE_CODE", "1");
        Sandbox.Started signIn = sandbox.start("exec", "--stdout", "sso2", "--", "true");
        long deadline = System.currentTimeMillis() + 30_000;
        while (aws.pendingUserCodes().isEmpty() && System.currentTimeMillis() < deadline && signIn.isAlive()) {
            Thread.sleep(100);
        }
        aws.approveDevice(aws.pendingUserCodes().get(0));
        assertEquals(0, signIn.await().exitCode());
        int roleCalls = aws.callCount("GetRoleCredentials");
        Result second = sandbox.run("exec", "--stdout", "sso2", "--", "true");
        assertEquals(0, second.exitCode(), second::describe);
        assertEquals(roleCalls, aws.callCount("GetRoleCredentials"), "the role session is cached");
        assertTrue(sandbox.run("list").outText().contains("oidc:https://corp.awsapps.com/start"));
    }

    @Test
    void chainedMfaSessionThenTheRoleWithoutMfaAndOnlyTheSessionIsCached() throws Exception {
        Files.writeString(sandbox.config(), "\n[profile home]\nmfa_serial = " + MFA + "\n[profile chained]\n"
                + "region = eu-west-1\nsource_profile = home\nrole_arn = " + ROLE + "\nmfa_serial = " + MFA + "\n",
                StandardOpenOption.APPEND);
        Result first = sandbox.run("exec", "--mfa-token", "123456", "chained", "--", "true");
        assertEquals(0, first.exitCode(), first::describe);
        List<Call> calls = aws.calls();
        assertEquals(List.of("GetSessionToken", "AssumeRole"), calls.stream().map(Call::action).toList());
        Call session = calls.get(0);
        Call role = calls.get(1);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, session.accessKeyId());
        assertEquals(MFA, session.param("SerialNumber"));
        assertEquals("28800", session.param("DurationSeconds"), "the chained GetSessionToken lasts 8h");
        assertTrue(role.accessKeyId().startsWith("ASIA"), "the role is assumed with the MFA session");
        assertEquals(null, role.param("SerialNumber"), "chained MFA: no second code");
        assertEquals("3600", role.param("DurationSeconds"));

        aws.clearCalls();
        Result second = sandbox.run("exec", "chained", "--", "true");
        assertEquals(0, second.exitCode(), second::describe);
        assertEquals(List.of("AssumeRole"), aws.calls().stream().map(Call::action).toList(),
                "the MFA session is reused; an AssumeRole without MFA is not cached (checklist 26, 27)");
    }

    @Test
    void credentialProcessOutputIsUsedAndCached() throws Exception {
        Path counter = tmp.resolve("credential-process-calls.txt");
        Path script = Sandbox.write(tmp.resolve("creds.sh"), "#!/bin/sh\necho run >> " + counter + "\n"
                + "printf '{\"Version\":1,\"AccessKeyId\":\"ASIAPROCESS\",\"SecretAccessKey\":\"s\","
                + "\"SessionToken\":\"t\",\"Expiration\":\"2099-01-01T00:00:00Z\"}'\n");
        script.toFile().setExecutable(true);
        Files.writeString(sandbox.config(), "\n[profile proc]\nregion = eu-west-1\ncredential_process = " + script + "\n",
                StandardOpenOption.APPEND);
        for (int i = 0; i < 2; i++) {
            Result r = sandbox.run("exec", "proc", "--", "env");
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals("ASIAPROCESS", parseEnv(r.outText()).get("AWS_ACCESS_KEY_ID"));
            assertEquals("2099-01-01T00:00:00Z", parseEnv(r.outText()).get("AWS_CREDENTIAL_EXPIRATION"));
        }
        assertEquals(1, Files.readAllLines(counter).size(), "the second exec uses the cached credentials");
        assertEquals(0, aws.calls().size());
    }

    @Test
    void noRegionIsTheOriginalsError() throws Exception {
        Files.writeString(sandbox.config(), "\n[profile noregion]\nsource_profile = home\nrole_arn = " + ROLE + "\n",
                StandardOpenOption.APPEND);
        Result r = sandbox.run("exec", "noregion", "--", "true");
        assertOneLineError("aws-vault: error: exec: failed to resolve service endpoint, an AWS region is required, "
                + "but was not found", r);
        assertEquals(0, aws.calls().size());
    }

    @Test
    void anUnreachableEndpointFailsFastWithOneLine() {
        Result r = sandbox.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), "exec", "home", "--", "true");
        assertOneLineError(r);
        assertTrue(r.millis() < 20_000, r::describe);
    }
}
