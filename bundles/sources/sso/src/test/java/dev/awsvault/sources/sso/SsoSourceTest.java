package dev.awsvault.sources.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;

@Timeout(60)
class SsoSourceTest {
    static final String START_URL = "https://example.awsapps.com/start#/";
    static final String KEY = "oidc:" + START_URL;
    static final String ACCOUNT = "111122223333";
    static final String ROLE = "ReadOnly";
    static final Pattern JSON_SHAPE = Pattern.compile("\\{\"Token\":\\{\"AccessToken\":\"([^\"]+)\",\"ExpiresIn\":28800,"
            + "\"IdToken\":null,\"RefreshToken\":(null|\"[^\"]+\"),\"TokenType\":\"Bearer\",\"ResultMetadata\":\\{\\}\\},"
            + "\"Expiration\":\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?Z)\"(.*)\\}");

    final SsoSource source = new SsoSource();
    final TestRequest.Store store = new TestRequest.Store();
    final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().deviceInterval(1).grantSsoRole(ACCOUNT, ROLE);
        source.browser = (url, env) -> opened.add(url);
        source.sleeper = d -> {
            slept.add(d);
            Thread.sleep(50);
        };
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    /** A device-code request (headless: no DISPLAY in the caller's environment). */
    TestRequest request() {
        return new TestRequest(emu.endpoint(), store, locks).set("sso_start_url", START_URL)
                .set("sso_region", "eu-central-1").set("sso_account_id", ACCOUNT).set("sso_role_name", ROLE);
    }

    /** An authorization-code request: a desktop session. */
    TestRequest pkceRequest() {
        TestRequest r = request();
        r.env.put("DISPLAY", ":0");
        return r;
    }

    AwsCredentials retrieve(TestRequest r) throws CredentialSourceException {
        return source.providerFor(r).orElseThrow().retrieve();
    }

    String fail(TestRequest r) {
        String m = assertThrows(CredentialSourceException.class, () -> retrieve(r)).getMessage();
        assertFalse(m.contains("\n"), m);
        for (TestRequest.Item i : store.items.values()) {
            Matcher x = JSON_SHAPE.matcher(i.json());
            if (x.matches()) {
                assertFalse(m.contains(x.group(1)), m);
            }
        }
        assertFalse(m.contains("eyJraWQ"), m); // client secrets
        return m;
    }

    /** Approves the first pending user code from the background, as the user in the browser would. */
    Thread approver() {
        Thread t = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                List<String> codes = emu.pendingUserCodes();
                if (!codes.isEmpty()) {
                    emu.approveDevice(codes.get(0));
                    return;
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void appliesWithAStartUrl() {
        assertEquals("sso.GetRoleCredentials", source.name());
        assertTrue(source.providerFor(new TestRequest(emu.endpoint(), store, locks)).isEmpty());
        assertTrue(source.providerFor(new TestRequest(emu.endpoint(), store, locks).set("sso_start_url", "")).isEmpty());
        assertTrue(source.providerFor(request()).isPresent());
        assertEquals(0, emu.calls().size());
    }

    @Test
    void deviceFlowEndToEndWithTheOriginalsMessagesAndItem() throws Exception {
        TestRequest r = request();
        Thread approve = approver();
        AwsCredentials c = retrieve(r);
        approve.join(5000);
        assertTrue(c.accessKeyId().startsWith("ASIA"));
        assertTrue(c.sessionToken().isPresent());
        assertTrue(c.expiration().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(50))));

        Call start = emu.calls("StartDeviceAuthorization").get(0);
        String verification = emu.endpoint() + "/device?user_code=";
        String out = r.output();
        assertTrue(out.startsWith("Open the SSO authorization page in a browser (use Ctrl-C to abort)\n" + verification),
                out);
        assertTrue(out.matches("(?s)[^\n]*\n[^\n]*\n"), out); // exactly two lines
        assertTrue(opened.isEmpty(), "--stdout: no browser");
        assertEquals(START_URL, start.param("startUrl"));

        Call reg = emu.calls("RegisterClient").get(0);
        assertEquals("aws-vault", reg.param("clientName"));
        assertEquals("public", reg.param("clientType"));
        assertNull(reg.param("scopes"));
        assertEquals(SsoSource.DEVICE_GRANT, emu.calls("CreateToken").get(0).param("grantType"));
        assertTrue(emu.calls("CreateToken").stream().allMatch(x -> x.ok() || "AuthorizationPendingException".equals(
                x.errorCode())));
        assertTrue(slept.stream().allMatch(d -> d.equals(Duration.ofSeconds(1))), slept.toString());

        TestRequest.Item item = store.items.get(KEY);
        assertNotNull(item, store.items.keySet().toString());
        Matcher m = JSON_SHAPE.matcher(item.json());
        assertTrue(m.matches(), item.json());
        assertEquals("null", m.group(2));
        assertEquals("", m.group(5), "no client fields without a refresh token");
        Instant exp = Instant.parse(m.group(3));
        assertTrue(Duration.between(Instant.now(), exp).toMinutes() > 470);
        assertEquals("aws-vault oidc token", item.description());
        assertEquals("aws-vault oidc token for " + START_URL + " (expires " + OidcToken.rfc3339(exp) + ")", item.label());
        assertTrue(item.label().matches(".*\\(expires \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)"), item.label());
        assertEquals(1, emu.calls("GetRoleCredentials").size());
        assertEquals(ACCOUNT, emu.calls("GetRoleCredentials").get(0).param("account_id"));

        // second retrieve: the cached token, no sign-in
        emu.clearCalls();
        TestRequest again = request();
        AwsCredentials c2 = retrieve(again);
        assertNotEquals(c.accessKeyId(), c2.accessKeyId());
        assertEquals(0, emu.callCount("RegisterClient"));
        assertEquals(0, emu.callCount("CreateToken"));
        assertEquals(1, emu.callCount("GetRoleCredentials"));
        assertEquals("", again.output());
    }

    @Test
    void withoutStdoutTheBrowserIsOpenedWithTheOriginalsLine() throws Exception {
        emu.autoApproveDevices(true);
        TestRequest r = request();
        r.env.put(SsoSource.DEVICE_CODE_ENV, "1");
        r.mayOpenBrowser = true;
        retrieve(r);
        String url = emu.endpoint() + "/device?user_code=";
        assertTrue(r.output().startsWith("Opening the SSO authorization page in your default browser (use Ctrl-C to"
                + " abort)\n" + url), r.output());
        assertEquals(1, opened.size());
        assertTrue(r.output().endsWith(opened.get(0) + "\n"));
    }

    @Test
    void slowDownAddsFiveSeconds() throws Exception {
        emu.failNext("CreateToken", "SlowDownException", 400).failNext("CreateToken", "AuthorizationPendingException",
                400);
        emu.autoApproveDevices(true);
        retrieve(request());
        assertEquals(List.of(Duration.ofSeconds(6), Duration.ofSeconds(6)), slept);
        assertEquals(3, emu.callCount("CreateToken"));
    }

    @Test
    void unauthorizedWithACachedTokenDeletesItAndRetriesOnce() throws Exception {
        emu.autoApproveDevices(true);
        store.set(KEY, new OidcToken("stale-canary-token", 28800, null, "Bearer", Instant.now().plusSeconds(3600),
                null, null).toJson(), "x", "aws-vault oidc token");
        AwsCredentials c = retrieve(request());
        assertTrue(c.accessKeyId().startsWith("ASIA"));
        List<Call> grc = emu.calls("GetRoleCredentials");
        assertEquals(2, grc.size());
        assertEquals(401, grc.get(0).status());
        assertTrue(grc.get(1).ok());
        assertEquals(1, emu.callCount("RegisterClient"));
        assertEquals(1, store.removed);
        assertFalse(store.items.get(KEY).json().contains("stale-canary-token"));
    }

    @Test
    void unauthorizedWithAFreshTokenIsNotRetried() throws Exception {
        emu.autoApproveDevices(true).failNext("GetRoleCredentials", "UnauthorizedException", 401,
                "Session token not found or invalid");
        String m = fail(request());
        assertTrue(m.startsWith("operation error SSO: GetRoleCredentials, https response error StatusCode: 401"), m);
        assertTrue(m.endsWith("api error UnauthorizedException: Session token not found or invalid"), m);
        assertEquals(1, emu.callCount("GetRoleCredentials"));
        assertEquals(1, emu.callCount("RegisterClient"));
    }

    @Test
    void aSecond401AfterSigningInAgainFails() throws Exception {
        emu.autoApproveDevices(true);
        store.set(KEY, new OidcToken("stale-canary-token", 28800, null, "Bearer", Instant.now().plusSeconds(3600),
                null, null).toJson(), "x", "aws-vault oidc token");
        emu.failNext("GetRoleCredentials", "UnauthorizedException", 401).failNext("GetRoleCredentials",
                "UnauthorizedException", 401);
        String m = fail(request());
        assertTrue(m.contains("StatusCode: 401"), m);
        assertEquals(2, emu.callCount("GetRoleCredentials"));
    }

    @Test
    void expiredTokenWithoutRefreshIsRemovedAndSignedInAgain() throws Exception {
        emu.autoApproveDevices(true);
        // the original's own shape with a local offset and nanoseconds
        store.set(KEY, ("{\"Token\":{\"AccessToken\":\"old-canary\",\"ExpiresIn\":28800,\"IdToken\":null,"
                + "\"RefreshToken\":null,\"TokenType\":\"Bearer\",\"ResultMetadata\":{}},"
                + "\"Expiration\":\"2020-01-01T10:00:00.123456789+10:00\"}").getBytes(), "x", "aws-vault oidc token");
        retrieve(request());
        assertEquals(1, store.removed);
        assertEquals(1, emu.callCount("RegisterClient"));
        assertEquals(1, emu.callCount("GetRoleCredentials"));
        assertFalse(store.items.get(KEY).json().contains("old-canary"));
    }

    @Test
    void theOriginalsItemWithALocalOffsetIsUsed() throws Exception {
        emu.seedSsoToken("seeded-canary", Duration.ofHours(1));
        String exp = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(10)).plusHours(1).toString();
        store.set(KEY, ("{\"token\":{\"accessToken\":\"seeded-canary\",\"ExpiresIn\":3600,\"IdToken\":null,"
                + "\"RefreshToken\":null,\"TokenType\":\"Bearer\",\"ResultMetadata\":{},\"Extra\":[1]},"
                + "\"Expiration\":\"" + exp + "\"}").getBytes(), "x", "aws-vault oidc token");
        retrieve(request());
        assertEquals(0, emu.callCount("RegisterClient"));
        assertEquals(1, emu.callCount("GetRoleCredentials"));
    }

    @Test
    void expiredTokenWithARefreshTokenUsesTheRefreshGrant() throws Exception {
        emu.autoApproveDevices(true);
        TestRequest first = request().set("sso_registration_scopes", "sso:account:access");
        retrieve(first);
        assertEquals("sso:account:access", emu.calls("RegisterClient").get(0).param("scopes"));
        String json = store.items.get(KEY).json();
        Matcher m = JSON_SHAPE.matcher(json);
        assertTrue(m.matches(), json);
        assertTrue(m.group(2).startsWith("\"aor"), json);
        assertTrue(m.group(5).matches(",\"ClientId\":\"[^\"]+\",\"ClientSecret\":\"[^\"]+\""), m.group(5));
        OidcToken t = OidcToken.parse(store.items.get(KEY).data()).orElseThrow();
        store.set(KEY, new OidcToken(t.accessToken(), t.expiresIn(), t.refreshToken(), "Bearer",
                Instant.now().minusSeconds(5), t.clientId(), t.clientSecret()).toJson(), "x", "aws-vault oidc token");

        emu.clearCalls();
        TestRequest second = request().set("sso_registration_scopes", "sso:account:access");
        retrieve(second);
        assertEquals(0, emu.callCount("RegisterClient"));
        assertEquals(1, emu.callCount("CreateToken"));
        assertEquals("refresh_token", emu.calls("CreateToken").get(0).param("grantType"));
        assertEquals(t.clientId(), emu.calls("CreateToken").get(0).param("clientId"));
        assertEquals("", second.output());
        OidcToken after = OidcToken.parse(store.items.get(KEY).data()).orElseThrow();
        assertNotEquals(t.accessToken(), after.accessToken());
        assertNotEquals(t.refreshToken(), after.refreshToken());
        assertTrue(after.expiration().isAfter(Instant.now().plusSeconds(3600)));
    }

    @Test
    void aRefusedRefreshFallsBackToSigningIn() throws Exception {
        emu.autoApproveDevices(true);
        store.set(KEY, new OidcToken("old", 28800, "aor-spent-canary", "Bearer", Instant.now().minusSeconds(5),
                "no-such-client", "eyJraWQ-canary").toJson(), "x", "aws-vault oidc token");
        retrieve(request());
        List<Call> ct = emu.calls("CreateToken");
        assertEquals("refresh_token", ct.get(0).param("grantType"));
        assertEquals("InvalidClientException", ct.get(0).errorCode());
        assertEquals(SsoSource.DEVICE_GRANT, ct.get(1).param("grantType"));
        assertEquals(1, emu.callCount("RegisterClient"));
    }

    /** The fake browser: what the emulator's authorization page answers, followed to the loopback callback. */
    static void follow(AwsEmulator emu, String url) {
        try {
            URI redirect = emu.authorize(url);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(redirect)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void authorizationCodeFlowWithPkceAndALoopbackRedirect() throws Exception {
        TestRequest r = pkceRequest();
        // --stdout: the test reads the link from the messages, as the user would
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Object> browser = ex.submit(() -> {
                for (int i = 0; i < 400; i++) {
                    String out = r.output();
                    if (out.endsWith("\n") && out.split("\n").length == 2) {
                        follow(emu, out.split("\n")[1]);
                        return null;
                    }
                    Thread.sleep(25);
                }
                throw new AssertionError("no link printed");
            });
            AwsCredentials c = retrieve(r);
            browser.get(10, TimeUnit.SECONDS);
            assertTrue(c.accessKeyId().startsWith("ASIA"));
        } finally {
            ex.shutdownNow();
        }
        String[] lines = r.output().split("\n");
        assertEquals("Open the SSO authorization page in a browser (use Ctrl-C to abort)", lines[0]);
        URI authorize = URI.create(lines[1]);
        assertEquals(emu.endpoint().getPort(), authorize.getPort());
        assertEquals("/authorize", authorize.getPath());
        Map<String, String> q = LoopbackCallback.query(authorize.getRawQuery());
        assertEquals("code", q.get("response_type"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals("sso:account:access", q.get("scopes"));
        assertTrue(q.get("redirect_uri").matches("http://127\\.0\\.0\\.1:\\d+/oauth/callback"), q.get("redirect_uri"));
        assertTrue(q.get("state").length() >= 32);

        Call reg = emu.calls("RegisterClient").get(0);
        assertEquals("aws-vault", reg.param("clientName"));
        assertEquals("public", reg.param("clientType"));
        assertEquals("authorization_code,refresh_token", reg.param("grantTypes"));
        assertEquals(q.get("redirect_uri"), reg.param("redirectUris"));
        assertEquals(START_URL, reg.param("issuerUrl"));
        Call ct = emu.calls("CreateToken").get(0);
        assertEquals("authorization_code", ct.param("grantType"));
        assertTrue(ct.ok(), "the emulator checked code_verifier against the S256 challenge: " + ct);
        assertEquals(0, emu.callCount("StartDeviceAuthorization"));
        Matcher m = JSON_SHAPE.matcher(store.items.get(KEY).json());
        assertTrue(m.matches());
        assertTrue(m.group(2).startsWith("\"aor"), "a refresh token is kept");
    }

    @Test
    void pkceOpensTheBrowserWithTheOriginalsLine() throws Exception {
        source.browser = (url, env) -> {
            opened.add(url);
            follow(emu, url);
        };
        TestRequest r = request();
        r.env.put(SsoSource.DEVICE_CODE_ENV, "0"); // forces the authorization-code flow even headless
        r.mayOpenBrowser = true;
        retrieve(r);
        assertEquals("Opening the SSO authorization page in your default browser (use Ctrl-C to abort)\n"
                + opened.get(0) + "\n", r.output());
    }

    @Test
    void pkceRefusedOrForgedAnswersFail() throws Exception {
        emu.authorizationApproves(false);
        source.browser = (url, env) -> follow(emu, url);
        TestRequest r = pkceRequest();
        r.mayOpenBrowser = true;
        String m = fail(r);
        assertEquals("SSO sign-in for " + START_URL + " failed: access_denied: The user denied the request", m);
        assertFalse(store.items.containsKey(KEY));

        emu.authorizationApproves(true);
        source.browser = (url, env) -> {
            URI redirect = emu.authorize(url);
            String forged = redirect.toString().replaceAll("state=[^&]+", "state=forged");
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forged)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        TestRequest r2 = pkceRequest();
        r2.mayOpenBrowser = true;
        assertTrue(fail(r2).endsWith("(state mismatch)"));
        assertEquals(0, emu.callCount("CreateToken"));
    }

    @Test
    void pkceWaitIsBounded() {
        source.callbackTimeout = Duration.ofMillis(300);
        TestRequest r = pkceRequest();
        assertEquals("SSO sign-in for " + START_URL + " failed: no answer from the browser within 0 minutes", fail(r));
    }

    @Test
    void parallelCallersSignInOnce() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            List<Future<AwsCredentials>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                TestRequest r = request();
                results.add(ex.submit(() -> retrieve(r)));
            }
            Thread.sleep(300);
            approver();
            for (Future<AwsCredentials> f : results) {
                assertTrue(f.get(20, TimeUnit.SECONDS).accessKeyId().startsWith("ASIA"));
            }
        } finally {
            ex.shutdownNow();
        }
        assertEquals(1, emu.callCount("RegisterClient"));
        assertEquals(1, emu.callCount("StartDeviceAuthorization"));
        assertEquals(2, emu.callCount("GetRoleCredentials"));
    }

    @Test
    void badInput() {
        TestRequest r = request();
        r.values.remove("sso_region");
        assertEquals("profile test: sso_start_url is set but sso_region is missing", fail(r));
        TestRequest r2 = request();
        r2.values.remove("sso_account_id");
        r2.values.put("sso_role_name", " ");
        assertEquals("profile test: sso_start_url is set but sso_account_id, sso_role_name are missing", fail(r2));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void deniedDeviceCode() throws Exception {
        Thread deny = new Thread(() -> {
            for (int i = 0; i < 200 && emu.pendingUserCodes().isEmpty(); i++) {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
            emu.denyDevice(emu.pendingUserCodes().get(0));
        });
        deny.start();
        String m = fail(request());
        deny.join();
        assertTrue(m.startsWith("operation error SSO OIDC: CreateToken, https response error StatusCode: 400"), m);
        assertTrue(m.contains("AccessDeniedException"), m);
        assertFalse(store.items.containsKey(KEY));
    }

    @Test
    void expiredDeviceCode() throws Exception {
        emu.failNext("CreateToken", "ExpiredTokenException", 400, "Device code has expired");
        String m = fail(request());
        assertTrue(m.endsWith("api error ExpiredTokenException:"), m); // the SDK does not map SSO-OIDC error_description
    }

    @Test
    void endpointErrorsAreOneLine() throws Exception {
        emu.failNext("RegisterClient", "InternalServerException", 500, "boom");
        String m = fail(request());
        assertTrue(m.startsWith("operation error SSO OIDC: RegisterClient, https response error StatusCode: 500"), m);

        emu.autoApproveDevices(true);
        emu.failNext("GetRoleCredentials", "ForbiddenException", 403, "No access");
        TestRequest r = request().set("sso_role_name", "Nope");
        m = fail(r);
        assertTrue(m.startsWith("operation error SSO: GetRoleCredentials, https response error StatusCode: 403"), m);

        TestRequest down = request();
        down.aws = new TestRequest.Settings("eu-west-1", URI.create("http://127.0.0.1:1"));
        m = fail(down);
        assertTrue(m.startsWith("operation error SSO: GetRoleCredentials, request send failed to http://127.0.0.1:1"),
                m);
    }

    @Test
    void rfc3339NanoLikeGo() {
        assertEquals("2024-01-02T03:04:05Z", OidcToken.rfc3339Nano(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02T03:04:05.12Z", OidcToken.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.120Z")));
        assertEquals("2024-01-02T03:04:05.000000001Z",
                OidcToken.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.000000001Z")));
    }
}
