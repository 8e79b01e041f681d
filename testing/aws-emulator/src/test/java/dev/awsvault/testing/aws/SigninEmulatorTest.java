package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.StsEmulatorTest.AKID;
import static dev.awsvault.testing.aws.StsEmulatorTest.ROLE;
import static dev.awsvault.testing.aws.StsEmulatorTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** The federation endpoint, the stand-in console, and IAM's eventual consistency for new access keys. */
class SigninEmulatorTest {
    static final Pattern TOKEN = Pattern.compile("\\{\"SigninToken\":\"([^\"]+)\"}");

    AwsEmulator emu;
    StsClient sts;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).defineRole(ROLE);
        sts = Sdk.sts(emu, Sdk.basic(AKID, SECRET));
    }

    @AfterEach
    void stop() {
        sts.close();
        emu.close();
    }

    @Test
    void roleCredentialsSignInAndTheBrowserLandsOnTheDestinationAsTheRole() throws Exception {
        Credentials role = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("console")).credentials();
        HttpResponse<String> token = get("/federation?Action=getSigninToken&SessionDuration=7200&Session="
                + enc(session(role)), null);
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("application/json", token.headers().firstValue("Content-Type").orElse(""));
        Matcher m = TOKEN.matcher(token.body());
        assertTrue(m.matches(), token.body());
        Call call = emu.calls("getSigninToken").get(0);
        assertEquals("signin", call.service());
        assertEquals(role.accessKeyId(), call.accessKeyId());
        assertEquals(Call.MASK, call.param("Session"), "the credentials are not kept in the log");
        assertEquals("7200", call.param("SessionDuration"));

        String destination = emu.endpoint() + "/console/home?region=eu-west-1";
        HttpResponse<String> login = get("/federation?Action=login&Issuer=aws-vault&Destination=" + enc(destination)
                + "&SigninToken=" + enc(m.group(1)), null);
        assertEquals(302, login.statusCode(), login.body());
        assertEquals(destination, login.headers().firstValue("Location").orElse(""));
        String cookie = login.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
        assertTrue(cookie.startsWith("aws-emulator-console="), cookie);
        assertEquals(List.of(new ConsoleSession("arn:aws:sts::123456789012:assumed-role/Admin/console",
                role.accessKeyId(), "aws-vault", destination, Duration.ofHours(2))), emu.consoleSessions());

        HttpResponse<String> page = get("/console/home?region=eu-west-1", cookie);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>" + destination + "</title>"), page.body());
        assertTrue(page.body().contains("arn:aws:sts::123456789012:assumed-role/Admin/console"), page.body());
        assertEquals(200, get("/s3/home?region=eu-west-1", cookie).statusCode(), "any page, with the cookie");
        assertTrue(get("/", cookie).body().contains("<title>" + emu.endpoint() + "/</title>"), "the front page");
        assertEquals(401, get("/console/home", null).statusCode(), "not signed in");
        assertEquals(404, get("/s3/home", null).statusCode(), "other paths stay unknown without the cookie");

        HttpResponse<String> logout = get("/oauth?Action=logout&redirect_uri=" + enc(emu.endpoint() + "/console/home"),
                cookie);
        assertEquals(302, logout.statusCode());
        assertEquals(401, get("/console/home", cookie).statusCode(), "the cookie no longer works");
    }

    @Test
    void federatedUserCredentialsSignInWithoutSessionDuration() throws Exception {
        Credentials fed = sts.getFederationToken(b -> b.name("alice").durationSeconds(3600)).credentials();
        HttpResponse<String> withDuration = get("/federation?Action=getSigninToken&SessionDuration=3600&Session="
                + enc(session(fed)), null);
        assertEquals(400, withDuration.statusCode());
        assertTrue(withDuration.body().startsWith("InvalidCredentials: "), withDuration.body());
        HttpResponse<String> plain = get("/federation?Action=getSigninToken&Session=" + enc(session(fed)), null);
        assertEquals(200, plain.statusCode(), plain.body());
    }

    @Test
    void onlyValidTemporaryRoleOrFederatedCredentialsAndValidTokensSignIn() throws Exception {
        String longTerm = "{\"sessionId\":\"" + AKID + "\",\"sessionKey\":\"" + SECRET + "\",\"sessionToken\":\"\"}";
        assertRefused("InvalidCredentials", "/federation?Action=getSigninToken&Session=" + enc(longTerm));
        Credentials session = sts.getSessionToken().credentials();
        assertRefused("InvalidCredentials", "/federation?Action=getSigninToken&Session=" + enc(session(session)));
        Credentials role = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("console")).credentials();
        String wrongSecret = session(role).replace(role.secretAccessKey(), "x" + role.secretAccessKey());
        assertRefused("InvalidCredentials", "/federation?Action=getSigninToken&Session=" + enc(wrongSecret));
        assertRefused("InvalidSessionDuration", "/federation?Action=getSigninToken&SessionDuration=899&Session="
                + enc(session(role)));
        assertRefused("InvalidSessionDuration", "/federation?Action=getSigninToken&SessionDuration=43201&Session="
                + enc(session(role)));
        assertRefused("InvalidSigninToken", "/federation?Action=login&Destination=" + enc("https://example.com/")
                + "&SigninToken=nope");

        Matcher m = TOKEN.matcher(get("/federation?Action=getSigninToken&Session=" + enc(session(role)), null).body());
        assertTrue(m.matches());
        assertRefused("InvalidParameter", "/federation?Action=login&Destination=console&SigninToken=" + enc(m.group(1)));
        emu.advance(Duration.ofMinutes(16));
        assertRefused("ExpiredSigninToken", "/federation?Action=login&Destination=" + enc("https://example.com/")
                + "&SigninToken=" + enc(m.group(1)));
        assertTrue(emu.consoleSessions().isEmpty());
    }

    @Test
    void aNewAccessKeyIsRefusedForItsFirstCallsWhileItPropagates() {
        emu.newKeysRefusedFor(2);
        AccessKey created;
        try (IamClient iam = Sdk.iam(emu, Sdk.basic(AKID, SECRET), Region.AWS_GLOBAL)) {
            created = iam.createAccessKey().accessKey();
        }
        try (StsClient withNew = Sdk.sts(emu, Sdk.basic(created.accessKeyId(), created.secretAccessKey()))) {
            for (int i = 0; i < 2; i++) {
                StsException e = org.junit.jupiter.api.Assertions.assertThrows(StsException.class,
                        withNew::getCallerIdentity);
                assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            }
            assertEquals("arn:aws:iam::123456789012:user/alice", withNew.getCallerIdentity().arn());
        }
        assertEquals("arn:aws:iam::123456789012:user/alice", sts.getCallerIdentity().arn(),
                "seeded keys are not affected");
    }

    private void assertRefused(String code, String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery, null);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith(code + ": "), r.body());
        assertNull(r.headers().firstValue("Set-Cookie").orElse(null));
    }

    private HttpResponse<String> get(String pathAndQuery, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.endpoint() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String session(Credentials c) {
        return "{\"sessionId\":\"" + c.accessKeyId() + "\",\"sessionKey\":\"" + c.secretAccessKey()
                + "\",\"sessionToken\":\"" + c.sessionToken() + "\"}";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
