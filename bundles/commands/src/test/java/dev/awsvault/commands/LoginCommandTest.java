package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.ConsoleSession;
import dev.awsvault.testing.aws.RoleSpec;

/** {@code login} against the AWS emulator's STS and federation endpoint. */
class LoginCommandTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "aliceSecret/000000000000000000000000000+";
    static final String LONG_USER = "a-user-whose-name-is-longer-than-32-characters";
    static final String LONG_AKID = "AKIALONGUSER00000001";
    static final String ROLE = "arn:aws:iam::123456789012:role/Admin";

    @TempDir
    Path dir;
    AwsWorld world;
    final List<String> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        AwsEmulator emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).seedUser(LONG_USER, LONG_AKID, SECRET)
                .defineRole(RoleSpec.of(ROLE).maxSessionDuration(Duration.ofHours(12)));
        world = new AwsWorld(dir, emu).writeConfig("""
                [profile alice]
                region = eu-west-1

                [profile long]
                region = us-east-1

                [profile admin]
                region = eu-west-1
                source_profile = alice
                role_arn = arn:aws:iam::123456789012:role/Admin

                [profile nowhere]
                """).store("alice", AKID, SECRET).store("long", LONG_AKID, SECRET).store("nowhere", AKID, SECRET);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Fakes.Context login(Map<String, String> flags, String profile) {
        Fakes.Context ctx = world.context(LoginCommand.SPEC, flags, profile == null ? Map.of() : Map.of("profile", profile));
        int status = new LoginCommand(world, (url, env, wd) -> opened.add(url)).run(ctx);
        assertEquals(0, status);
        return ctx;
    }

    @Test
    void anIamUserGetsAFederationTokenNamedAfterItAndTheUrlSignsIn() throws Exception {
        Fakes.Context ctx = login(Map.of("stdout", "true"), "alice");
        String url = ctx.invocation.stdout();
        String destination = world.emu.endpoint() + "/console/home?region=eu-west-1";
        String prefix = world.emu.endpoint() + "/federation?Action=login&Issuer=aws-vault&Destination="
                + FederationUrls.queryEscape(destination) + "&SigninToken=";
        assertTrue(url.startsWith(prefix) && url.endsWith("\n") && url.indexOf('\n') == url.length() - 1, url);
        assertTrue(opened.isEmpty(), "--stdout opens no browser");

        Call identity = world.emu.calls("GetCallerIdentity").get(0);
        assertEquals(AKID, identity.accessKeyId());
        Call federation = world.emu.calls("GetFederationToken").get(0);
        assertEquals(AKID, federation.accessKeyId());
        assertEquals("alice", federation.param("Name"));
        assertEquals(ConsoleLogin.ALLOW_ALL_POLICY, federation.param("Policy"));
        assertEquals("3600", federation.param("DurationSeconds"));
        Call token = world.emu.calls("getSigninToken").get(0);
        assertNull(token.param("SessionDuration"), "a federated session lasts as long as its token");
        assertTrue(token.accessKeyId().startsWith("ASIA"));
        assertEquals(0, world.emu.callCount("GetSessionToken"), "never a session for login's own profile");

        ConsoleSession signedIn = follow(url.strip());
        assertEquals("arn:aws:sts::123456789012:federated-user/alice", signedIn.principalArn());
        assertEquals(destination, signedIn.destination());
        assertEquals("aws-vault", signedIn.issuer());
    }

    @Test
    void theFederatedNameIsCutTo32CharactersAndDurationSetsTheToken() {
        login(Map.of("stdout", "true", "duration", "2h"), "long");
        Call federation = world.emu.calls("GetFederationToken").get(0);
        assertEquals(LONG_USER.substring(0, 32), federation.param("Name"));
        assertEquals("7200", federation.param("DurationSeconds"));
        assertNull(world.emu.calls("getSigninToken").get(0).param("SessionDuration"));
    }

    @Test
    void aRoleProfileSignsInWithTheRoleSessionDirectlyAndDurationBecomesTheConsoleSession() throws Exception {
        Fakes.Context ctx = login(Map.of("stdout", "true", "duration", "2h", "path", "s3/home"), "admin");
        assertEquals(0, world.emu.callCount("GetCallerIdentity"), "the role's credentials are known to be usable");
        assertEquals(0, world.emu.callCount("GetFederationToken"));
        Call assume = world.emu.calls("AssumeRole").get(0);
        assertEquals(AKID, assume.accessKeyId());
        assertEquals("7200", assume.param("DurationSeconds"));
        assertEquals("7200", world.emu.calls("getSigninToken").get(0).param("SessionDuration"));

        ConsoleSession signedIn = follow(ctx.invocation.stdout().strip());
        assertTrue(signedIn.principalArn().startsWith("arn:aws:sts::123456789012:assumed-role/Admin/"));
        assertEquals(world.emu.endpoint() + "/s3/home?region=eu-west-1", signedIn.destination());
        assertEquals(Duration.ofHours(2), signedIn.sessionDuration());
    }

    @Test
    void credentialsFromTheEnvironment() throws Exception {
        world.env.put("AWS_REGION", "eu-west-1");
        world.env.put("AWS_ACCESS_KEY_ID", AKID);
        world.env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        Fakes.Context ctx = login(Map.of("stdout", "true"), null);
        assertEquals("alice", world.emu.calls("GetFederationToken").get(0).param("Name"));
        assertEquals("arn:aws:sts::123456789012:federated-user/alice", follow(ctx.invocation.stdout().strip())
                .principalArn());

        // role credentials in the environment (e.g. inside `aws-vault exec admin`): GetCallerIdentity says
        // assumed-role, so they sign in as they are, and --duration is the console session
        AwsCredentials role = AwsCredentials.of(AKID, SECRET);
        try (var sts = dev.awsvault.sources.aws.AwsClients.sts(dev.awsvault.core.ClientSettings.of(
                new dev.awsvault.core.config.ConfigLoader(world.config(), world.env,
                        dev.awsvault.core.config.ProfileConfig.Base.empty()).load("alice"), world.env), role)) {
            var c = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("env")).credentials();
            world.env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
            world.env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
            world.env.put("AWS_SESSION_TOKEN", c.sessionToken());
        }
        int federations = world.emu.callCount("GetFederationToken");
        Fakes.Context roleCtx = login(Map.of("stdout", "true", "duration", "1h"), null);
        assertEquals(federations, world.emu.callCount("GetFederationToken"));
        assertEquals("3600", world.emu.calls("getSigninToken").get(1).param("SessionDuration"));
        assertEquals("arn:aws:sts::123456789012:assumed-role/Admin/env",
                follow(roleCtx.invocation.stdout().strip()).principalArn());
    }

    @Test
    void noProfileAndNoKeysInTheEnvironmentIsTheOriginalsError() {
        Fakes.Context ctx = world.context(LoginCommand.SPEC, Map.of(), Map.of());
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new LoginCommand(world).run(ctx));
        assertEquals("argument 'profile' not provided, nor any AWS env vars found. Try --help", e.getMessage());

        world.env.put("AWS_ACCESS_KEY_ID", AKID);
        Fakes.Context noSecret = world.context(LoginCommand.SPEC, Map.of(), Map.of()); // takes the environment now
        e = assertThrows(AwsVaultException.class, () -> new LoginCommand(world).run(noSecret));
        assertEquals("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not", e.getMessage());
        assertTrue(world.emu.calls().isEmpty());
    }

    @Test
    void aProfileWithoutRegionIsAClearErrorBeforeAnyCall() {
        Fakes.Context ctx = world.context(LoginCommand.SPEC, Map.of("stdout", "true"), Map.of("profile", "nowhere"));
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new LoginCommand(world).run(ctx));
        assertEquals("login needs a region to call STS: none is set for profile nowhere (set region in the profile,"
                + " AWS_REGION, or --region)", e.getMessage());
        assertTrue(world.emu.calls().isEmpty());
        login(Map.of("stdout", "true", "region", "eu-central-1"), "nowhere");
        assertTrue(world.emu.calls("getSigninToken").get(0).ok());
    }

    @Test
    void aRefusedSigninTokenIsTheOriginalsOneLineErrorWithoutSecrets() {
        world.emu.failNext("getSigninToken", "Boom", 400, "Invalid credentials parameter");
        Fakes.Context ctx = world.context(LoginCommand.SPEC, Map.of("stdout", "true"), Map.of("profile", "alice"));
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new LoginCommand(world).run(ctx));
        assertEquals("Call to getSigninToken failed with 400 Bad Request", e.getMessage());
        assertEquals("", ctx.invocation.stdout());

        world.env.put(FederationUrls.BASE_URL_VARIABLE, "http://127.0.0.1:9");
        Fakes.Context closed = world.context(LoginCommand.SPEC, Map.of("stdout", "true"), Map.of("profile", "alice"));
        AwsVaultException refused = assertThrows(AwsVaultException.class, () -> new LoginCommand(world).run(closed));
        assertEquals("Call to getSigninToken failed: cannot connect to http://127.0.0.1:9/federation",
                refused.getMessage());
    }

    @Test
    void withoutStdoutTheUrlGoesToTheBrowserAndAutoLogoutSignsOutFirst() throws Exception {
        Fakes.Context ctx = login(Map.of("auto-logout", "true"), "alice");
        assertEquals("", ctx.invocation.stdout());
        assertEquals(1, opened.size());
        String url = opened.get(0);
        String prefix = world.emu.endpoint() + "/oauth?Action=logout&redirect_uri=";
        assertTrue(url.startsWith(prefix), url);
        String login = URLDecoder.decode(url.substring(prefix.length()), StandardCharsets.UTF_8);
        assertTrue(login.startsWith(world.emu.endpoint() + "/federation?Action=login&Issuer=aws-vault&Destination="),
                login);
        HttpResponse<String> logout = get(url, null);
        assertEquals(302, logout.statusCode());
        assertEquals(login, logout.headers().firstValue("Location").orElseThrow());
        assertEquals("arn:aws:sts::123456789012:federated-user/alice", follow(login).principalArn());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.FREEBSD})
    void theSystemOpenerRunsXdgOpenFromTheCallersPathWithTheCallersEnvironment() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path seen = dir.resolve("seen");
        Path xdgOpen = bin.resolve("xdg-open");
        Files.writeString(xdgOpen, "#!/bin/sh\nprintf '%s\\n%s\\n' \"$1\" \"$MARKER\" > '" + seen + "'\nexit \"$EXIT\"\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "MARKER", "callers-env", "EXIT", "0");
        BrowserOpener.SYSTEM.open("http://127.0.0.1:1/x?a=b&c=d", env, dir);
        assertEquals(List.of("http://127.0.0.1:1/x?a=b&c=d", "callers-env"), Files.readAllLines(seen));

        Map<String, String> failing = Map.of("PATH", bin.toString(), "EXIT", "3");
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> BrowserOpener.SYSTEM.open("http://127.0.0.1:1/secret-token", failing, dir));
        assertEquals("Failed to open the login URL: xdg-open exited with status 3 (use --stdout to print the URL"
                + " instead)", e.getMessage());
        e = assertThrows(AwsVaultException.class,
                () -> BrowserOpener.SYSTEM.open("http://127.0.0.1:1/x", Map.of("PATH", dir.resolve("none").toString()),
                        dir));
        assertEquals("Failed to open the login URL: xdg-open is not on PATH (use --stdout to print the URL instead)",
                e.getMessage());
    }

    @Test
    void federationEndpointAndDestinationByPartition() {
        Map<String, String> none = Map.of();
        assertUrls("https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/",
                FederationUrls.of("", "s3/home", none));
        assertUrls("https://signin.aws.amazon.com/federation",
                "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
                FederationUrls.of("eu-west-1", "", none));
        assertUrls("https://signin.aws.amazon.com/federation",
                "https://us-east-1.console.aws.amazon.com/ec2/v2/home?region=us-east-1",
                FederationUrls.of("us-east-1", "ec2/v2/home", none));
        assertUrls("https://signin.amazonaws.cn/federation",
                "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
                FederationUrls.of("cn-north-1", "", none));
        assertUrls("https://signin.amazonaws-us-gov.com/federation",
                "https://us-gov-west-1.console.amazonaws-us-gov.com/s3?region=us-gov-west-1",
                FederationUrls.of("us-gov-west-1", "s3", none));
        assertUrls("https://signin.amazonaws-eusc.eu/federation",
                "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1",
                FederationUrls.of("eusc-de-east-1", "", none));

        Map<String, String> base = Map.of(FederationUrls.BASE_URL_VARIABLE, "http://127.0.0.1:8080/");
        assertUrls("http://127.0.0.1:8080/federation", "http://127.0.0.1:8080/console/home?region=cn-north-1",
                FederationUrls.of("cn-north-1", "", base));
        assertUrls("http://127.0.0.1:8080/federation", "http://127.0.0.1:8080/",
                FederationUrls.of("", "", base));
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> FederationUrls.of("", "", Map.of(FederationUrls.BASE_URL_VARIABLE, "127.0.0.1:8080")));
        assertEquals("AWS_VAULT_FEDERATION_BASE_URL must be an http(s) URL such as http://127.0.0.1:8080, got"
                + " \"127.0.0.1:8080\"", e.getMessage());

        FederationUrls eu = FederationUrls.of("eu-west-1", "", none);
        assertEquals("https://signin.aws.amazon.com/federation?Action=login&Issuer=aws-vault&Destination="
                + "https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1"
                + "&SigninToken=a%2Bb%2Fc%3D", eu.login("a+b/c="));
        assertEquals("https://signin.aws.amazon.com/federation?Action=getSigninToken&Session=%7B%22sessionId%22%3A%22A"
                + "%22%7D&SessionDuration=900", eu.signinTokenRequest("{\"sessionId\":\"A\"}", 900));
        assertEquals("https://signin.aws.amazon.com/oauth?Action=logout&redirect_uri="
                + FederationUrls.queryEscape(eu.login("t")), eu.loginAfterSignOut("t"));
    }

    @Test
    void escapingAndJsonAreGos() {
        assertEquals("a+b%2A~-_.%2F%3A%C3%A9", FederationUrls.queryEscape("a b*~-_./:é"));
        assertEquals("{\"sessionId\":\"AKID\",\"sessionKey\":\"s/+=\",\"sessionToken\":\"\\u003c\\u0026\\u003e\"}",
                SigninTokens.sessionJson(AwsCredentials.of("AKID", "s/+=", "<&>", null)));
        assertEquals("{\"sessionId\":\"AKID\",\"sessionKey\":\"s\",\"sessionToken\":\"\"}",
                SigninTokens.sessionJson(AwsCredentials.of("AKID", "s")));
        assertEquals("tok", SigninTokens.signinToken("{\"Other\":{\"x\":1},\"SigninToken\":\"tok\"}"));
        assertEquals("Expected a response with SigninToken",
                assertThrows(AwsVaultException.class, () -> SigninTokens.signinToken("{}")).getMessage());
    }

    @Test
    void arnsAndNames() {
        assertEquals("alice", ConsoleLogin.federatedName("arn:aws:iam::123456789012:user/team/alice"));
        assertEquals("root", ConsoleLogin.federatedName("arn:aws:iam::123456789012:root"));
        assertEquals("unable to parse ARN: nonsense",
                assertThrows(AwsVaultException.class, () -> ConsoleLogin.arnResource("nonsense")).getMessage());
        assertThrows(AwsVaultException.class,
                () -> ConsoleLogin.federatedName("arn:aws:sts::123456789012:assumed-role/Admin/x"));
    }

    private static void assertUrls(String federation, String destination, FederationUrls urls) {
        assertEquals(federation, urls.federation());
        assertEquals(destination, urls.destination());
    }

    /** What a browser does with the login URL: the 302 to the destination, then the console page with the cookie. */
    private ConsoleSession follow(String loginUrl) throws Exception {
        int before = world.emu.consoleSessions().size();
        HttpResponse<String> login = get(loginUrl, null);
        assertEquals(302, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = get(login.headers().firstValue("Location").orElseThrow(), cookie);
        assertEquals(200, page.statusCode(), page.body());
        List<ConsoleSession> sessions = world.emu.consoleSessions();
        assertEquals(before + 1, sessions.size());
        ConsoleSession s = sessions.get(sessions.size() - 1);
        assertTrue(page.body().contains(s.principalArn()));
        assertFalse(page.body().contains("Not signed in"));
        return s;
    }

    private static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
