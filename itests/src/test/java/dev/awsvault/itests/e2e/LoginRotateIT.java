package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.ConsoleSession;
import dev.awsvault.testing.keystore.Peers;

/**
 * {@code login} and {@code rotate} through the assembled launcher, against the local AWS emulator (STS and IAM with
 * SigV4 checked, the sign-in federation endpoint and a stand-in console), with {@code AWS_ENDPOINT_URL} and
 * {@code AWS_VAULT_FEDERATION_BASE_URL} pointing at it: the exact sign-in URL, a real headless Chromium opening it
 * through {@code xdg-open} and landing on the console as the right principal, and a rotation killed after each of
 * its steps that always leaves the vault with a key IAM accepts.
 */
class LoginRotateIT {
    static final String USER = "home-user";
    static final String ROLE = "arn:aws:iam::111111111111:role/admin";
    static final String MFA = "arn:aws:iam::111111111111:mfa/home";
    static final String HALT_PROPERTY = "aws-vault.test.rotate-halt-after";
    static final Pattern JSON_KEY = Pattern.compile("\"AccessKeyId\": \"(\\w+)\"");

    @TempDir
    Path tmp;
    AwsEmulator aws;
    Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        aws = AwsEmulator.start().seedUser(USER, Fixture.HOME_ACCESS_KEY_ID, Fixture.HOME_SECRET_ACCESS_KEY)
                .defineRole(ROLE).expectMfa(MFA, "123456");
        sandbox = Sandbox.withFixture(tmp).setenv("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .setenv("AWS_VAULT_FEDERATION_BASE_URL", aws.endpoint().toString());
        Files.writeString(sandbox.config(), "\n[profile admin]\nregion = eu-west-1\nsource_profile = home\nrole_arn = "
                + ROLE + "\n\n[profile secure]\nregion = eu-west-1\nmfa_serial = " + MFA + "\nmfa_process = printf 123456\n"
                + "\n[profile noregion]\n", StandardOpenOption.APPEND);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private String destination() {
        return aws.endpoint() + "/console/home?region=eu-west-1";
    }

    /** The whole printed URL: the emulator's federation endpoint, the original's parameters, Go's escaping. */
    private Pattern loginUrl() {
        return Pattern.compile(Pattern.quote(aws.endpoint() + "/federation?Action=login&Issuer=aws-vault&Destination="
                + URLEncoder.encode(destination(), StandardCharsets.UTF_8) + "&SigninToken=") + "([A-Za-z0-9_-]+)\n");
    }

    @Test
    void loginStdoutPrintsExactlyTheSignInUrlOfAFederatedUser() throws Exception {
        Result r = sandbox.run("login", "--stdout", "home");
        assertSuccess(r);
        Matcher m = loginUrl().matcher(r.outText());
        assertTrue(m.matches(), r::describe);
        Call federation = aws.calls("GetFederationToken").get(0);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, federation.accessKeyId());
        assertEquals(USER, federation.param("Name"));
        assertEquals("3600", federation.param("DurationSeconds"));
        assertNull(aws.calls("getSigninToken").get(0).param("SessionDuration"));
        assertEquals(0, aws.callCount("GetSessionToken"));

        ConsoleSession s = follow(r.outText().strip());
        assertEquals("arn:aws:sts::123456789012:federated-user/" + USER, s.principalArn());
        assertEquals(destination(), s.destination());

        Result shortFlag = sandbox.run("login", "-s", "home");
        assertSuccess(shortFlag);
        assertTrue(loginUrl().matcher(shortFlag.outText()).matches(), shortFlag::describe);
    }

    @Test
    void aRoleSignsInDirectlyAndDurationIsTheConsoleSession() throws Exception {
        Result r = sandbox.run("login", "--stdout", "--duration", "1h", "admin");
        assertSuccess(r);
        assertTrue(loginUrl().matcher(r.outText()).matches(), r::describe);
        assertEquals(0, aws.callCount("GetCallerIdentity"), "role credentials need no identity check");
        assertEquals(0, aws.callCount("GetFederationToken"));
        assertEquals("3600", aws.calls("AssumeRole").get(0).param("DurationSeconds"));
        assertEquals("3600", aws.calls("getSigninToken").get(0).param("SessionDuration"));
        ConsoleSession s = follow(r.outText().strip());
        assertTrue(s.principalArn().startsWith("arn:aws:sts::111111111111:assumed-role/admin/"), s::toString);
        assertEquals(Duration.ofHours(1), s.sessionDuration());
    }

    @Test
    void loginFromKeysInTheEnvironment() throws Exception {
        Result r = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", Fixture.HOME_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", Fixture.HOME_SECRET_ACCESS_KEY, "AWS_REGION", "eu-west-1"), "login", "--stdout");
        assertSuccess(r);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, aws.calls("GetFederationToken").get(0).accessKeyId());
        assertEquals("arn:aws:sts::123456789012:federated-user/" + USER, follow(r.outText().strip()).principalArn());
    }

    @Test
    void headlessChromiumOpensTheUrlThroughXdgOpenAndLandsOnTheConsole() throws Exception {
        Peers.require("chromium");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path dom = tmp.resolve("dom.html");
        Path profile = tmp.resolve("chromium-profile");
        Path xdgOpen = bin.resolve("xdg-open");
        Files.writeString(xdgOpen, "#!/bin/sh\n"
                + "exec chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                + " --disable-background-networking --disable-component-update --disable-sync --disable-quic"
                + " --user-data-dir='" + profile + "' --dump-dom \"$1\" > '" + dom + "' 2>/dev/null\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = sandbox.run(Map.of("PATH", bin + ":" + sandbox.environment().get("PATH")), "login", "home");
        assertSuccess(r);
        assertEquals("", r.outText(), "the URL went to the browser");
        String page = Files.readString(dom);
        assertTrue(page.contains("<title>" + destination() + "</title>"), page);
        assertTrue(page.contains("arn:aws:sts::123456789012:federated-user/" + USER), page);
        List<ConsoleSession> sessions = aws.consoleSessions();
        assertEquals(1, sessions.size());
        assertEquals("aws-vault", sessions.get(0).issuer());
        // the browser may also ask for /favicon.ico; the destination itself is asked for once
        List<Call> pages = aws.calls("Console").stream().filter(c -> !c.path().endsWith("/favicon.ico")).toList();
        assertEquals(1, pages.size(), () -> "the browser asked for the destination page once, signed in: " + pages);
    }

    @Test
    void loginBadInputIsOneLine() {
        Result none = sandbox.run("login", "--stdout");
        assertOneLineError("aws-vault: error: login: argument 'profile' not provided, nor any AWS env vars found."
                + " Try --help", none);
        Result noRegion = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", Fixture.HOME_ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY",
                Fixture.HOME_SECRET_ACCESS_KEY), "login", "--stdout");
        assertOneLineError("aws-vault: error: login: login needs a region to call STS: none is set for the"
                + " environment's credentials (set region in the profile, AWS_REGION, or --region)", noRegion);
        Result unreachable = sandbox.run(Map.of("AWS_VAULT_FEDERATION_BASE_URL", "http://127.0.0.1:9"), "login",
                "--stdout", "home");
        assertOneLineError("aws-vault: error: login: Call to getSigninToken failed: cannot connect to"
                + " http://127.0.0.1:9/federation", unreachable);
        Checks.assertNoLeak(Fixture.HOME_SECRET_ACCESS_KEY, unreachable);
    }

    @Test
    void rotateReplacesTheKeyAndTheOldOneStopsWorking() {
        aws.newKeysRefusedFor(2); // IAM's eventual consistency: the new key is refused twice, then accepted
        Result r = sandbox.run("rotate", "home");
        assertSuccess(r);
        String created = vaultKey();
        assertNotEquals(Fixture.HOME_ACCESS_KEY_ID, created);
        String oldShown = "****************MPLE";
        String newShown = "****************" + created.substring(created.length() - 4);
        assertEquals("Rotating credentials stored for profile 'home' using master credentials (takes 10-20 seconds)\n"
                + "Creating a new access key\n"
                + "Created new access key " + newShown + "\n"
                + "Waiting for AWS to accept the access key " + newShown + "\n"
                + "Deleting old access key " + oldShown + "\n"
                + "Deleted old access key " + oldShown + "\n"
                + "Finished rotating access key\n", r.outText());
        assertEquals(List.of(created), aws.accessKeysOf(USER));
        assertTrue(aws.describeKey(Fixture.HOME_ACCESS_KEY_ID).isEmpty(), "the old key no longer exists");
        assertEquals(created, aws.calls("DeleteAccessKey").get(0).accessKeyId(), "the new key deletes the old one");
        assertSuccess(sandbox.run("exec", "home", "--", "true"));
        assertEquals(created, last("GetSessionToken").accessKeyId());
        Checks.assertNoLeak(Fixture.HOME_SECRET_ACCESS_KEY, r);
    }

    @Test
    void rotateWithAnMfaSessionDeletesTheOldKeyWithASessionFromTheNewOne() {
        Result add = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", Fixture.HOME_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", Fixture.HOME_SECRET_ACCESS_KEY), "add", "--env", "secure");
        assertEquals(0, add.exitCode(), add::describe);
        Result r = sandbox.run("rotate", "secure");
        assertSuccess(r);
        assertTrue(r.outText().startsWith("Rotating credentials stored for profile 'secure' using a session from"
                + " profile 'secure' (takes 10-20 seconds)\n"), r::describe);
        List<Call> sessions = aws.calls("GetSessionToken");
        assertEquals(2, sessions.size(), sessions::toString);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, sessions.get(0).accessKeyId());
        String created = aws.accessKeysOf(USER).get(0);
        assertEquals(created, sessions.get(1).accessKeyId());
        assertEquals(MFA, sessions.get(1).param("SerialNumber"));
        assertEquals(aws.describeKey(aws.calls("DeleteAccessKey").get(0).accessKeyId()).orElseThrow().issuedFrom(),
                created, "DeleteAccessKey is signed by an MFA session of the new key");
        assertEquals(1, aws.accessKeysOf(USER).size());
    }

    @Test
    void rotateRefusedByIamBecauseOfTwoKeysChangesNothing() {
        aws.seedUser(USER, "AKIAOTHERKEY00000001", "other-secret");
        Map<String, String> before = sandbox.snapshot();
        Result r = sandbox.run("rotate", "home");
        assertNotEquals(0, r.exitCode());
        assertEquals("aws-vault: error: rotate: Error creating a new access key: IAM user home-user already has 2"
                + " access keys, the most IAM allows (the vault holds ****************MPLE; delete the other one,"
                + " AKIAOTHERKEY00000001, if it is not in use: aws iam delete-access-key --access-key-id"
                + " AKIAOTHERKEY00000001 --user-name home-user); nothing changed: the vault and IAM still hold the old"
                + " key ****************MPLE\n", r.errText());
        assertEquals(before, sandbox.snapshot());
        assertEquals(List.of(Fixture.HOME_ACCESS_KEY_ID, "AKIAOTHERKEY00000001"), aws.accessKeysOf(USER));
    }

    /**
     * The process is halted ({@code Runtime.halt}, no clean-up) right after one step; the vault's key is still one
     * IAM has and accepts (login signs GetCallerIdentity with it), and a second rotate either finishes or, while IAM
     * still has two keys, says which key to delete and changes nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"created", "stored", "verified", "sessions-cleared", "deleted"})
    void rotateKilledAfterEachStepLeavesAKeyIamAccepts(String step) {
        Result halted = sandbox.run(Map.of("JDK_JAVA_OPTIONS", "-D" + HALT_PROPERTY + "=" + step), "rotate", "home");
        assertEquals(99, halted.exitCode(), halted::describe);
        assertTrue(halted.errText().contains("aws-vault: rotate halted after step " + step + " (test fault injection)"),
                halted::describe);

        String inVault = vaultKey();
        List<String> inIam = aws.accessKeysOf(USER);
        assertTrue(inIam.contains(inVault), "IAM has the vault's key");
        assertEquals(step.equals("created") ? Fixture.HOME_ACCESS_KEY_ID : inIam.get(inIam.size() - 1), inVault);
        assertEquals(step.equals("deleted") ? 1 : 2, inIam.size());
        Result login = sandbox.run("login", "--stdout", "home");
        assertSuccess(login);
        assertEquals(inVault, last("GetCallerIdentity").accessKeyId(), "AWS accepted the vault's key");

        Result again = sandbox.run("rotate", "home");
        if (inIam.size() == 1) {
            assertSuccess(again);
            assertNotEquals(inVault, vaultKey());
        } else {
            String other = inIam.stream().filter(k -> !k.equals(inVault)).findFirst().orElseThrow();
            assertTrue(again.errText().contains("delete the other one, " + other + ", if it is not in use"),
                    again::describe);
            assertEquals(inVault, vaultKey(), "the refused rotate changed nothing");
            assertEquals(inIam, aws.accessKeysOf(USER));
        }
    }

    private String vaultKey() {
        Result r = sandbox.run("export", "--no-session", "--format", "json", "home");
        assertEquals(0, r.exitCode(), r::describe);
        Matcher m = JSON_KEY.matcher(r.outText());
        assertTrue(m.find(), r::describe);
        return m.group(1);
    }

    private Call last(String action) {
        List<Call> calls = aws.calls(action);
        assertFalse(calls.isEmpty(), action);
        return calls.get(calls.size() - 1);
    }

    /** What a browser does with the login URL: the 302 to the destination with the console cookie, then the page. */
    private ConsoleSession follow(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());
        String location = login.headers().firstValue("Location").orElseThrow();
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(location)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        List<ConsoleSession> sessions = aws.consoleSessions();
        ConsoleSession s = sessions.get(sessions.size() - 1);
        assertTrue(page.body().contains(s.principalArn()), page.body());
        return s;
    }
}
