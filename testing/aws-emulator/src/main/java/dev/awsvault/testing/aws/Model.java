package dev.awsvault.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The emulator's state objects. All access is under the emulator's lock. */
final class Model {
    private Model() {
    }

    static final class User {
        final String name;
        final String account;
        final String userId;
        final Instant created;
        final List<Cred> keys = new ArrayList<>();

        User(String name, String account, String userId, Instant created) {
            this.name = name;
            this.account = account;
            this.userId = userId;
            this.created = created;
        }

        String arn() {
            return "arn:aws:iam::" + account + ":user/" + name;
        }
    }

    enum Kind { USER, SESSION, ROLE, FEDERATED }

    /** A key pair the emulator knows: long-term (USER) or temporary. */
    static final class Cred {
        final String accessKeyId;
        final String secret;
        final String token;
        final Instant expiration;
        final Kind kind;
        final String account;
        final String arn;
        final String userId;
        final User user;
        final boolean mfa;
        final String issuedFrom;
        final String issuedBy;
        final Instant created;
        final Map<String, String> tags;
        final String sourceIdentity;
        boolean active = true;
        /** Signed calls still refused before a new access key "propagates" (IAM eventual consistency). */
        int refusalsLeft;

        Cred(String accessKeyId, String secret, String token, Instant expiration, Kind kind, String account,
             String arn, String userId, User user, boolean mfa, String issuedFrom, String issuedBy, Instant created,
             Map<String, String> tags, String sourceIdentity) {
            this.accessKeyId = accessKeyId;
            this.secret = secret;
            this.token = token;
            this.expiration = expiration;
            this.kind = kind;
            this.account = account;
            this.arn = arn;
            this.userId = userId;
            this.user = user;
            this.mfa = mfa;
            this.issuedFrom = issuedFrom;
            this.issuedBy = issuedBy;
            this.created = created;
            this.tags = tags;
            this.sourceIdentity = sourceIdentity;
        }
    }

    static final class OidcClient {
        final String clientId;
        final String clientSecret;
        final String name;
        final List<String> scopes;
        final List<String> grantTypes;
        final List<String> redirectUris;
        final String issuerUrl;
        final Instant secretExpiresAt;

        OidcClient(String clientId, String clientSecret, String name, List<String> scopes, List<String> grantTypes,
                   List<String> redirectUris, String issuerUrl, Instant secretExpiresAt) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.name = name;
            this.scopes = scopes;
            this.grantTypes = grantTypes;
            this.redirectUris = redirectUris;
            this.issuerUrl = issuerUrl;
            this.secretExpiresAt = secretExpiresAt;
        }

        boolean issuesRefreshTokens() {
            return !scopes.isEmpty() || grantTypes.contains("refresh_token");
        }
    }

    enum DeviceState { PENDING, APPROVED, DENIED, USED }

    static final class DeviceAuth {
        final String deviceCode;
        final String userCode;
        final String clientId;
        final String startUrl;
        final Instant expiresAt;
        DeviceState state = DeviceState.PENDING;

        DeviceAuth(String deviceCode, String userCode, String clientId, String startUrl, Instant expiresAt) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.clientId = clientId;
            this.startUrl = startUrl;
            this.expiresAt = expiresAt;
        }
    }

    static final class AuthCode {
        final String code;
        final String clientId;
        final String redirectUri;
        final String challenge;
        final String startUrl;
        final Instant expiresAt;
        boolean used;

        AuthCode(String code, String clientId, String redirectUri, String challenge, String startUrl, Instant expiresAt) {
            this.code = code;
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            this.challenge = challenge;
            this.startUrl = startUrl;
            this.expiresAt = expiresAt;
        }
    }

    /** An SSO access token (from CreateToken or seeded). */
    record SsoToken(String accessToken, String clientId, String startUrl, String subject, Instant expiresAt) {
    }

    record RefreshToken(String token, String clientId, String startUrl, String subject) {
    }

    record WebIdentity(String subject, String provider, String audience) {
    }

    record Injected(String code, int status, String message) {
    }

    /** A sign-in token from the federation endpoint's getSigninToken. */
    record SigninToken(String token, Cred cred, Integer sessionDurationSeconds, Instant expiresAt) {
    }
}
