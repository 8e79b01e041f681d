package dev.awsvault.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class SsoEmulatorTest {
    static final String START_URL = "https://example.awsapps.com/start";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String ACCOUNT = "111122223333";

    AwsEmulator emu;
    SsoOidcClient oidc;
    SsoClient sso;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().grantSsoRole(ACCOUNT, "ReadOnly")
                .defineRole(RoleSpec.of("arn:aws:iam::111122223333:role/Next").maxSessionDuration(Duration.ofHours(4)));
        oidc = Sdk.oidc(emu);
        sso = Sdk.sso(emu);
    }

    @AfterEach
    void stop() {
        oidc.close();
        sso.close();
        emu.close();
    }

    private RegisterClientResponse registerPublic() {
        return oidc.registerClient(b -> b.clientName("aws-vault").clientType("public"));
    }

    @Test
    void deviceFlowPendingApprovedTokenRoleCredentials() {
        RegisterClientResponse client = registerPublic();
        assertNotNull(client.clientId());
        assertNotNull(client.clientSecret());
        assertTrue(client.clientSecretExpiresAt() > Instant.now().getEpochSecond());

        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(START_URL));
        assertEquals(1, device.interval());
        assertEquals(600, device.expiresIn());
        assertEquals(emu.endpoint() + "/device?user_code=" + device.userCode(), device.verificationUriComplete());
        assertEquals(List.of(device.userCode()), emu.pendingUserCodes());

        var pending = assertThrows(AuthorizationPendingException.class, () -> oidc.createToken(b -> b
                .clientId(client.clientId()).clientSecret(client.clientSecret()).grantType(DEVICE_GRANT)
                .deviceCode(device.deviceCode())));
        assertEquals(400, pending.statusCode());
        assertEquals("AuthorizationPendingException", pending.awsErrorDetails().errorCode());
        assertEquals("authorization_pending", pending.error());

        emu.approveDevice(device.userCode());
        CreateTokenResponse token = oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(DEVICE_GRANT).deviceCode(device.deviceCode()));
        assertEquals("Bearer", token.tokenType());
        assertEquals(8 * 3600, token.expiresIn());
        assertNull(token.refreshToken(), "no scopes registered: no refresh token");

        assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(DEVICE_GRANT).deviceCode(device.deviceCode())),
                "a device code is used once");

        Instant before = Instant.now();
        RoleCredentials rc = sso.getRoleCredentials(b -> b.accessToken(token.accessToken()).accountId(ACCOUNT)
                .roleName("ReadOnly")).roleCredentials();
        assertTrue(rc.accessKeyId().startsWith("ASIA"));
        long secs = Duration.between(before, Instant.ofEpochMilli(rc.expiration())).toSeconds();
        assertTrue(secs > 3590 && secs <= 3601, "1h, in epoch milliseconds: " + secs);

        Call call = emu.calls("GetRoleCredentials").get(0);
        assertEquals("sso", call.service());
        assertEquals(ACCOUNT, call.param("account_id"));
        assertEquals("ReadOnly", call.param("role_name"));
        assertEquals(Call.MASK, call.param("accessToken"));
        assertTrue(call.secretMatches("accessToken", token.accessToken()));
        assertNull(call.accessKeyId(), "bearer token, not SigV4");
        assertEquals(List.of("RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateToken", "CreateToken",
                "GetRoleCredentials"), emu.calls().stream().map(Call::action).toList());

        try (StsClient sts = Sdk.sts(emu, Sdk.session(rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken()))) {
            String arn = sts.getCallerIdentity().arn();
            assertTrue(arn.matches("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/sso-user"),
                    arn);
            var e = assertThrows(StsException.class, () -> sts.assumeRole(b -> b
                    .roleArn("arn:aws:iam::111122223333:role/Next").roleSessionName("n1").durationSeconds(7200)));
            assertTrue(e.awsErrorDetails().errorMessage().contains("role chaining"), "SSO role sessions are roles");
        }
    }

    @Test
    void deviceApprovedThroughTheVerificationPage() throws Exception {
        RegisterClientResponse client = registerPublic();
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(START_URL));
        HttpResponse<String> page = browser().send(HttpRequest.newBuilder(URI.create(device.verificationUriComplete()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertNotNull(oidc.createToken(b -> b.clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(DEVICE_GRANT).deviceCode(device.deviceCode())).accessToken());
    }

    @Test
    void deviceFlowErrors() {
        RegisterClientResponse client = registerPublic();
        StartDeviceAuthorizationResponse denied = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(START_URL));
        emu.denyDevice(denied.userCode());
        assertThrows(AccessDeniedException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(DEVICE_GRANT).deviceCode(denied.deviceCode())));

        StartDeviceAuthorizationResponse late = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(START_URL));
        emu.advance(Duration.ofMinutes(11));
        var expired = assertThrows(ExpiredTokenException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(DEVICE_GRANT).deviceCode(late.deviceCode())));
        assertEquals("expired_token", expired.error());

        emu.failNext("CreateToken", "SlowDownException", 400, "Client is polling too fast");
        var slow = assertThrows(SlowDownException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(DEVICE_GRANT).deviceCode(late.deviceCode())));
        assertEquals("slow_down", slow.error());

        var badClient = assertThrows(InvalidClientException.class, () -> oidc.startDeviceAuthorization(b -> b
                .clientId(client.clientId()).clientSecret("not-the-secret").startUrl(START_URL)));
        assertEquals(401, badClient.statusCode());
        assertEquals(Call.MASK, emu.calls("StartDeviceAuthorization").get(2).param("clientSecret"));
    }

    @Test
    void autoApprovedDevices() {
        emu.autoApproveDevices(true);
        RegisterClientResponse client = registerPublic();
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(START_URL));
        assertNotNull(oidc.createToken(b -> b.clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(DEVICE_GRANT).deviceCode(device.deviceCode())).accessToken());
    }

    @Test
    void pkceAuthorizationCodeFlowAndRefreshToken() throws Exception {
        String redirect = "http://127.0.0.1:54321/oauth/callback";
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName("aws-vault").clientType("public")
                .grantTypes("authorization_code", "refresh_token").redirectUris(redirect).issuerUrl(START_URL)
                .scopes("sso:account:access"));
        assertEquals(emu.endpoint() + "/authorize", client.authorizationEndpoint());

        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more-entropy";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorizeUrl = client.authorizationEndpoint() + "?response_type=code&client_id=" + enc(client.clientId())
                + "&redirect_uri=" + enc(redirect) + "&state=st-42&code_challenge_method=S256&scopes="
                + enc("sso:account:access") + "&code_challenge=" + challenge;

        // the browser, through the real HTTP endpoint: a 302 to the loopback redirect
        HttpResponse<String> r = browser().send(HttpRequest.newBuilder(URI.create(authorizeUrl))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode());
        Map<String, String> q = query(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertEquals("st-42", q.get("state"));
        String code = q.get("code");

        var wrongVerifier = assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b
                .clientId(client.clientId()).clientSecret(client.clientSecret()).grantType("authorization_code")
                .code(code).redirectUri(redirect).codeVerifier(verifier + "x")));
        assertEquals("invalid_grant", wrongVerifier.error());

        CreateTokenResponse token = oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("authorization_code").code(code).redirectUri(redirect)
                .codeVerifier(verifier));
        assertNotNull(token.accessToken());
        assertNotNull(token.refreshToken(), "scopes registered: refresh token issued");
        Call call = emu.calls("CreateToken").get(1);
        assertEquals(Call.MASK, call.param("codeVerifier"));
        assertEquals(Call.MASK, call.param("code"));
        assertTrue(call.secretMatches("codeVerifier", verifier));

        assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("authorization_code").code(code).redirectUri(redirect)
                .codeVerifier(verifier)), "a code is used once");

        // the Java hook does what the browser does
        URI second = emu.authorize(authorizeUrl.replace("st-42", "st-43"));
        assertEquals("st-43", query(second).get("state"));
        assertTrue(second.toString().startsWith(redirect + "?code="));

        // refresh: a new access token and a new refresh token; the old refresh token is spent
        CreateTokenResponse refreshed = oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("refresh_token").refreshToken(token.refreshToken()));
        assertNotEquals(token.accessToken(), refreshed.accessToken());
        assertNotEquals(token.refreshToken(), refreshed.refreshToken());
        assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("refresh_token").refreshToken(token.refreshToken())));
        assertNotNull(sso.getRoleCredentials(b -> b.accessToken(refreshed.accessToken()).accountId(ACCOUNT)
                .roleName("ReadOnly")).roleCredentials().accessKeyId());

        // the user says no
        emu.authorizationApproves(false);
        assertEquals("access_denied", query(emu.authorize(authorizeUrl)).get("error"));
        // a redirect URI that was not registered
        assertThrows(IllegalArgumentException.class, () -> emu.authorize(authorizeUrl.replace("54321", "54322")));
    }

    @Test
    void getRoleCredentialsChecksTheBearerToken() {
        emu.seedSsoToken("seeded-token", Duration.ofMinutes(30));
        assertNotNull(sso.getRoleCredentials(b -> b.accessToken("seeded-token").accountId(ACCOUNT).roleName("ReadOnly")));

        var unknown = assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(b -> b
                .accessToken("made-up").accountId(ACCOUNT).roleName("ReadOnly")));
        assertEquals(401, unknown.statusCode());
        assertEquals("Session token not found or invalid", unknown.awsErrorDetails().errorMessage());

        var forbidden = assertThrows(SsoException.class, () -> sso.getRoleCredentials(b -> b
                .accessToken("seeded-token").accountId(ACCOUNT).roleName("Admin")));
        assertEquals(403, forbidden.statusCode());
        assertEquals("ForbiddenException", forbidden.awsErrorDetails().errorCode());
        assertEquals("No access", forbidden.awsErrorDetails().errorMessage());

        emu.advance(Duration.ofMinutes(31));
        assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(b -> b.accessToken("seeded-token")
                .accountId(ACCOUNT).roleName("ReadOnly")), "expired token");

        emu.seedSsoToken("revoked", Duration.ofHours(1)).revokeSsoToken("revoked");
        assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(b -> b.accessToken("revoked")
                .accountId(ACCOUNT).roleName("ReadOnly")));
        assertFalse(emu.calls("GetRoleCredentials").get(3).ok());
    }

    @Test
    void ssoRoleCredentialsExpire() {
        emu.seedSsoToken("t", Duration.ofHours(8)).ssoRoleSessionDuration(Duration.ofMinutes(15));
        RoleCredentials rc = sso.getRoleCredentials(b -> b.accessToken("t").accountId(ACCOUNT).roleName("ReadOnly"))
                .roleCredentials();
        try (StsClient sts = Sdk.sts(emu, Sdk.session(rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken()))) {
            sts.getCallerIdentity();
            emu.advance(Duration.ofMinutes(16));
            assertEquals("ExpiredToken", assertThrows(StsException.class, sts::getCallerIdentity)
                    .awsErrorDetails().errorCode());
        }
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI u) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : u.getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            out.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
