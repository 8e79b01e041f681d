package dev.awsvault.testing.aws;

import dev.awsvault.testing.aws.Model.AuthCode;
import dev.awsvault.testing.aws.Model.Cred;
import dev.awsvault.testing.aws.Model.DeviceAuth;
import dev.awsvault.testing.aws.Model.DeviceState;
import dev.awsvault.testing.aws.Model.Kind;
import dev.awsvault.testing.aws.Model.OidcClient;
import dev.awsvault.testing.aws.Model.RefreshToken;
import dev.awsvault.testing.aws.Model.SsoToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The SSO portal's GetRoleCredentials and SSO-OIDC (RegisterClient, StartDeviceAuthorization, CreateToken). */
final class SsoApi {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration DEVICE_LIFETIME = Duration.ofMinutes(10);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private final AwsEmulator emu;

    SsoApi(AwsEmulator emu) {
        this.emu = emu;
    }

    /** {@code AuthorizationPendingException} → {@code authorization_pending}, as the OAuth error field. */
    static String oauthError(String code) {
        String base = code.endsWith("Exception") ? code.substring(0, code.length() - "Exception".length()) : code;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                b.append('_');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ SSO portal

    String getRoleCredentials(Map<String, String> q, String bearer) throws AwsError {
        String roleName = q.get("role_name");
        String accountId = q.get("account_id");
        if (roleName == null || accountId == null) {
            throw new AwsError(400, "InvalidRequestException", "Missing required parameter: "
                    + (roleName == null ? "role_name" : "account_id"));
        }
        synchronized (emu.lock) {
            SsoToken t = bearer == null ? null : emu.ssoTokens.get(bearer);
            if (t == null || !emu.now().isBefore(t.expiresAt())) {
                throw new AwsError(401, "UnauthorizedException", "Session token not found or invalid");
            }
            if (!emu.ssoGrants.contains(accountId + "/" + roleName)) {
                throw new AwsError(403, "ForbiddenException", "No access");
            }
            String permissionSet = "AWSReservedSSO_" + roleName + "_"
                    + HexFormat.of().formatHex(sha256(accountId + "/" + roleName)).substring(0, 16);
            String arn = "arn:aws:sts::" + accountId + ":assumed-role/" + permissionSet + "/" + t.subject();
            String roleId = "AROA" + HexFormat.of().formatHex(sha256(permissionSet)).substring(0, 17).toUpperCase();
            Cred c = emu.issueTemporary(Kind.ROLE, emu.ssoRoleSessionDuration, accountId, arn,
                    roleId + ":" + t.subject(), null, false, null, "GetRoleCredentials", null, null);
            return "{\"roleCredentials\":" + Wire.jsonObject("accessKeyId", c.accessKeyId, "secretAccessKey", c.secret,
                    "sessionToken", c.token, "expiration", c.expiration.toEpochMilli()) + "}";
        }
    }

    // ------------------------------------------------------------------------------------------------ SSO-OIDC

    String oidc(String action, Map<String, Object> in) throws AwsError {
        synchronized (emu.lock) {
            return switch (action) {
                case "RegisterClient" -> registerClient(in);
                case "StartDeviceAuthorization" -> startDeviceAuthorization(in);
                case "CreateToken" -> createToken(in);
                default -> throw new AwsError(400, "InvalidRequestException", "Unknown operation " + action);
            };
        }
    }

    private String registerClient(Map<String, Object> in) throws AwsError {
        String name = str(in, "clientName");
        String type = str(in, "clientType");
        if (name == null || type == null) {
            throw new AwsError(400, "InvalidRequestException", "clientName and clientType are required");
        }
        if (!type.equals("public")) {
            throw new AwsError(400, "InvalidClientMetadataException", "Invalid client type: " + type);
        }
        List<String> redirectUris = list(in, "redirectUris");
        List<String> grantTypes = list(in, "grantTypes");
        if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
            throw new AwsError(400, "InvalidRedirectUriException", "redirectUris are required for the"
                    + " authorization_code grant");
        }
        for (String r : redirectUris) {
            URI u = URI.create(r);
            if (!"http".equals(u.getScheme()) || !("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost())
                    || "[::1]".equals(u.getHost()))) {
                throw new AwsError(400, "InvalidRedirectUriException", "Only loopback redirect URIs are supported: " + r);
            }
        }
        Instant now = emu.now();
        OidcClient c = new OidcClient(emu.randomToken("", 16), emu.randomToken("eyJraWQiOiJrZXktMTU", 96), name,
                list(in, "scopes"), grantTypes, redirectUris, str(in, "issuerUrl"), now.plus(Duration.ofDays(90)));
        emu.oidcClients.put(c.clientId, c);
        return Wire.jsonObject("clientId", c.clientId, "clientSecret", c.clientSecret,
                "clientIdIssuedAt", now.getEpochSecond(), "clientSecretExpiresAt", c.secretExpiresAt.getEpochSecond(),
                "authorizationEndpoint", c.grantTypes.contains("authorization_code") ? emu.endpoint() + "/authorize" : null,
                "tokenEndpoint", c.grantTypes.contains("authorization_code") ? emu.endpoint() + "/token" : null);
    }

    private OidcClient client(Map<String, Object> in) throws AwsError {
        OidcClient c = emu.oidcClients.get(String.valueOf(str(in, "clientId")));
        String secret = str(in, "clientSecret");
        if (c == null || secret == null || !c.clientSecret.equals(secret)) {
            throw new AwsError(401, "InvalidClientException", "Invalid client provided");
        }
        if (!emu.now().isBefore(c.secretExpiresAt)) {
            throw new AwsError(401, "InvalidClientException", "Client secret has expired");
        }
        return c;
    }

    private String startDeviceAuthorization(Map<String, Object> in) throws AwsError {
        OidcClient c = client(in);
        String startUrl = str(in, "startUrl");
        if (startUrl == null) {
            throw new AwsError(400, "InvalidRequestException", "startUrl is required");
        }
        String userCode = emu.randomId(4) + "-" + emu.randomId(4);
        DeviceAuth d = new DeviceAuth(emu.randomToken("", 48), userCode, c.clientId, startUrl,
                emu.now().plus(DEVICE_LIFETIME));
        if (emu.autoApproveDevices) {
            d.state = DeviceState.APPROVED;
        }
        emu.devices.put(d.deviceCode, d);
        String verify = emu.endpoint() + "/device";
        return Wire.jsonObject("deviceCode", d.deviceCode, "userCode", userCode, "verificationUri", verify,
                "verificationUriComplete", verify + "?user_code=" + userCode,
                "expiresIn", DEVICE_LIFETIME.toSeconds(), "interval", emu.deviceInterval);
    }

    private String createToken(Map<String, Object> in) throws AwsError {
        OidcClient c = client(in);
        String grant = str(in, "grantType");
        if (grant == null) {
            throw new AwsError(400, "InvalidRequestException", "grantType is required");
        }
        switch (grant) {
            case DEVICE_GRANT -> {
                DeviceAuth d = emu.devices.get(String.valueOf(str(in, "deviceCode")));
                if (d == null || !d.clientId.equals(c.clientId) || d.state == DeviceState.USED) {
                    throw new AwsError(400, "InvalidGrantException", "Invalid grant provided");
                }
                if (!emu.now().isBefore(d.expiresAt)) {
                    throw new AwsError(400, "ExpiredTokenException", "Device code has expired");
                }
                if (d.state == DeviceState.DENIED) {
                    throw new AwsError(400, "AccessDeniedException", "The user denied the authorization request");
                }
                if (d.state == DeviceState.PENDING) {
                    throw new AwsError(400, "AuthorizationPendingException", "Authorization is still pending");
                }
                d.state = DeviceState.USED;
                return issue(c, d.startUrl);
            }
            case "refresh_token" -> {
                RefreshToken r = emu.refreshTokens.get(String.valueOf(str(in, "refreshToken")));
                if (r == null || !r.clientId().equals(c.clientId)) {
                    throw new AwsError(400, "InvalidGrantException", "Invalid refresh token provided");
                }
                emu.refreshTokens.remove(r.token());
                return issue(c, r.startUrl());
            }
            case "authorization_code" -> {
                AuthCode a = emu.authCodes.get(String.valueOf(str(in, "code")));
                String redirectUri = str(in, "redirectUri");
                String verifier = str(in, "codeVerifier");
                if (a == null || a.used || !a.clientId.equals(c.clientId) || !a.redirectUri.equals(redirectUri)) {
                    throw new AwsError(400, "InvalidGrantException", "Invalid grant provided");
                }
                if (!emu.now().isBefore(a.expiresAt)) {
                    throw new AwsError(400, "InvalidGrantException", "Authorization code has expired");
                }
                if (verifier == null || !s256(verifier).equals(a.challenge)) {
                    throw new AwsError(400, "InvalidGrantException", "Invalid code verifier");
                }
                a.used = true;
                return issue(c, a.startUrl);
            }
            default -> throw new AwsError(400, "UnsupportedGrantTypeException", "Unsupported grant type: " + grant);
        }
    }

    private String issue(OidcClient c, String startUrl) {
        SsoToken t = new SsoToken(emu.randomToken("aoa", 90), c.clientId, startUrl, emu.ssoSubject,
                emu.now().plus(emu.ssoTokenLifetime));
        emu.ssoTokens.put(t.accessToken(), t);
        String refresh = null;
        if (c.issuesRefreshTokens()) {
            refresh = emu.randomToken("aor", 90);
            emu.refreshTokens.put(refresh, new RefreshToken(refresh, c.clientId, startUrl, emu.ssoSubject));
        }
        return Wire.jsonObject("accessToken", t.accessToken(), "tokenType", "Bearer",
                "expiresIn", emu.ssoTokenLifetime.toSeconds(), "refreshToken", refresh);
    }

    /** The authorization endpoint: validates the request and returns where the browser is redirected. */
    URI authorize(Map<String, String> q) throws AwsError {
        synchronized (emu.lock) {
            OidcClient c = emu.oidcClients.get(String.valueOf(q.get("client_id")));
            String redirectUri = q.get("redirect_uri");
            if (c == null) {
                throw new AwsError(400, "InvalidClientException", "Invalid client provided");
            }
            if (redirectUri == null || !c.redirectUris.contains(redirectUri)) {
                throw new AwsError(400, "InvalidRequestException", "Invalid redirect_uri: " + redirectUri);
            }
            if (!"code".equals(q.get("response_type"))) {
                throw new AwsError(400, "InvalidRequestException", "response_type must be code");
            }
            String challenge = q.get("code_challenge");
            if (challenge == null || !"S256".equals(q.get("code_challenge_method"))) {
                throw new AwsError(400, "InvalidRequestException", "code_challenge with code_challenge_method S256"
                        + " is required");
            }
            String state = q.get("state");
            String sep = redirectUri.contains("?") ? "&" : "?";
            String stateParam = state == null ? "" : "&state=" + enc(state);
            if (!emu.authorizationApproves) {
                return URI.create(redirectUri + sep + "error=access_denied&error_description="
                        + enc("The user denied the request") + stateParam);
            }
            AuthCode a = new AuthCode(emu.randomToken("", 32), c.clientId, redirectUri, challenge, c.issuerUrl,
                    emu.now().plus(CODE_LIFETIME));
            emu.authCodes.put(a.code, a);
            return URI.create(redirectUri + sep + "code=" + enc(a.code) + stateParam);
        }
    }

    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String str(Map<String, Object> in, String k) {
        Object v = in.get(k);
        return v instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> in, String k) {
        Object v = in.get(k);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }
}
