package dev.awsvault.sources.sso;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceLock;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.api.source.SourceStore;
import dev.awsvault.sources.aws.AwsClients;
import dev.awsvault.sources.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/**
 * {@code sso.GetRoleCredentials} (the original's {@code SSORoleCredentialsProvider}, reference §4.5): role credentials
 * from the SSO portal with an OIDC access token kept in the keystore under {@code oidc:<sso_start_url>} (§5.2).
 *
 * <p>Getting the token, under the lock {@code sso:<start URL>} so that parallel callers sign in once:
 * <ol>
 * <li>the stored token when it has not expired;</li>
 * <li>an expired stored token with a refresh token (and the client that got it, see {@link OidcToken}): the
 * {@code refresh_token} grant; if that is refused (invalid grant or client), a new sign-in;</li>
 * <li>a sign-in: by default the authorization-code flow with PKCE and a loopback redirect
 * ({@code http://127.0.0.1:<port>/oauth/callback}), as AWS CLI v2 does; the original's device-code flow when
 * {@code AWS_VAULT_SSO_DEVICE_CODE} is {@code 1}/{@code true} (like the AWS CLI's {@code --use-device-code}) or, when
 * that variable is unset, on a machine without a browser (Linux/Unix without {@code DISPLAY}/{@code WAYLAND_DISPLAY}).
 * {@code AWS_VAULT_SSO_DEVICE_CODE=0}/{@code false} forces the authorization-code flow.</li>
 * </ol>
 * An HTTP 401 from GetRoleCredentials with a stored token deletes the token and signs in once more. No caching of the
 * role credentials here: the core wraps this source in the session cache.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + CredentialSource.SSO_ROLE_CREDENTIALS,
        CredentialSource.KIND + "=" + CredentialSource.KIND_BASE,
        "service.ranking:Integer=300" })
public final class SsoSource implements CredentialSource {

    /** Caller's environment variable choosing the sign-in flow (see the class comment). */
    public static final String DEVICE_CODE_ENV = "AWS_VAULT_SSO_DEVICE_CODE";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String DEFAULT_SCOPE = "sso:account:access";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sleeps between device-code polls; replaceable in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Browser browser = Browser.SYSTEM;
    Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    Clock clock = Clock.systemUTC();
    Duration callbackTimeout = DEFAULT_CALLBACK_TIMEOUT;

    @Override
    public String name() {
        return SSO_ROLE_CREDENTIALS;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        if (value(request, "sso_start_url").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(() -> retrieve(request));
    }

    /** The profile's SSO settings, checked before any call. */
    record Profile(String startUrl, String region, String accountId, String roleName, List<String> scopes) {
    }

    static Profile profile(SourceRequest request) throws CredentialSourceException {
        String startUrl = value(request, "sso_start_url").orElseThrow();
        StringBuilder missing = new StringBuilder();
        for (String k : List.of("sso_region", "sso_account_id", "sso_role_name")) {
            if (value(request, k).isEmpty()) {
                missing.append(missing.length() == 0 ? "" : ", ").append(k);
            }
        }
        if (missing.length() > 0) {
            throw new CredentialSourceException("profile " + request.profileName() + ": sso_start_url is set but "
                    + missing + (missing.indexOf(",") > 0 ? " are" : " is") + " missing");
        }
        List<String> scopes = value(request, "sso_registration_scopes")
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        return new Profile(startUrl, value(request, "sso_region").orElseThrow().strip(),
                value(request, "sso_account_id").orElseThrow().strip(), value(request, "sso_role_name").orElseThrow().strip(),
                scopes);
    }

    AwsCredentials retrieve(SourceRequest request) throws CredentialSourceException {
        Profile p = profile(request);
        Token token = token(request, p, null);
        try {
            return roleCredentials(request, p, token.accessToken);
        } catch (Unauthorized e) {
            if (!token.cached) {
                throw e.failure;
            }
            // the original: a 401 with a cached token deletes it and tries once more
            Token again = token(request, p, token.accessToken);
            try {
                return roleCredentials(request, p, again.accessToken);
            } catch (Unauthorized e2) {
                throw e2.failure;
            }
        }
    }

    /** An access token and whether it came from the keystore as it was. */
    private record Token(String accessToken, boolean cached) {
    }

    /** GetRoleCredentials answered 401. */
    private static final class Unauthorized extends Exception {
        private static final long serialVersionUID = 1L;
        final CredentialSourceException failure;

        Unauthorized(CredentialSourceException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private AwsCredentials roleCredentials(SourceRequest request, Profile p, String accessToken)
            throws CredentialSourceException, Unauthorized {
        URI endpoint = AwsClients.ssoEndpoint(request.aws(), p.region);
        try (SsoClient sso = AwsClients.sso(request.aws(), p.region)) {
            RoleCredentials c = sso.getRoleCredentials(b -> b.accessToken(accessToken).accountId(p.accountId)
                    .roleName(p.roleName)).roleCredentials();
            return AwsCredentials.of(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(),
                    Instant.ofEpochMilli(c.expiration()));
        } catch (SdkException e) {
            CredentialSourceException failure = new CredentialSourceException(
                    AwsErrors.describe("SSO", "GetRoleCredentials", endpoint, e), e);
            if (e instanceof UnauthorizedException
                    || e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase
                    && ase.statusCode() == 401) {
                throw new Unauthorized(failure);
            }
            throw failure;
        }
    }

    /**
     * The token to use, under the sign-in lock. {@code rejected}: the access token GetRoleCredentials just refused;
     * when the keystore still holds it, it is deleted (when another process already replaced it, the new one is used).
     */
    private Token token(SourceRequest request, Profile p, String rejected) throws CredentialSourceException {
        SourceStore store = request.store();
        String key = OidcToken.key(p.startUrl);
        try (SourceLock lock = request.lock("sso:" + p.startUrl)) {
            Optional<OidcToken> stored = read(store, key);
            if (stored.isPresent() && rejected != null && stored.get().accessToken().equals(rejected)) {
                store.remove(key);
                stored = Optional.empty();
            }
            Instant now = clock.instant();
            if (stored.isPresent() && !stored.get().expiredAt(now)) {
                return new Token(stored.get().accessToken(), rejected == null);
            }
            OidcToken fresh = null;
            if (stored.isPresent()) {
                if (stored.get().canRefresh()) {
                    fresh = refresh(request, p, stored.get());
                }
                if (fresh == null) {
                    store.remove(key); // the original removes an expired token on read
                }
            }
            if (fresh == null) {
                fresh = useDeviceCode(request) ? deviceCode(request, p) : authorizationCode(request, p);
            }
            store.set(key, fresh.toJson(), OidcToken.label(p.startUrl, fresh.expiration()), OidcToken.DESCRIPTION);
            return new Token(fresh.accessToken(), false);
        }
    }

    private static Optional<OidcToken> read(SourceStore store, String key) throws CredentialSourceException {
        Optional<byte[]> data = store.get(key);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        try {
            return OidcToken.parse(data.get());
        } finally {
            Arrays.fill(data.get(), (byte) 0);
        }
    }

    static boolean useDeviceCode(SourceRequest request) {
        String v = request.environment().getOrDefault(DEVICE_CODE_ENV, "").strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> !Browser.available(request.environment());
        };
    }

    // ------------------------------------------------------------------------------------------------ refresh

    /** The refresh grant; null when the grant or client is refused (then a new sign-in). */
    private OidcToken refresh(SourceRequest request, Profile p, OidcToken old) throws CredentialSourceException {
        URI endpoint = AwsClients.ssoOidcEndpoint(request.aws(), p.region);
        try (SsoOidcClient oidc = AwsClients.ssoOidc(request.aws(), p.region)) {
            CreateTokenResponse t = oidc.createToken(b -> b.grantType("refresh_token").refreshToken(old.refreshToken())
                    .clientId(old.clientId()).clientSecret(old.clientSecret()));
            return token(t, old.clientId(), old.clientSecret());
        } catch (InvalidGrantException | InvalidClientException | ExpiredTokenException e) {
            return null;
        } catch (SdkException e) {
            throw new CredentialSourceException(AwsErrors.describe("SSO OIDC", "CreateToken", endpoint, e), e);
        }
    }

    private OidcToken token(CreateTokenResponse t, String clientId, String clientSecret) {
        int expiresIn = t.expiresIn() == null ? 0 : t.expiresIn();
        String refresh = t.refreshToken() != null && !t.refreshToken().isEmpty() ? t.refreshToken() : null;
        return new OidcToken(t.accessToken(), expiresIn, refresh, t.tokenType() == null ? "Bearer" : t.tokenType(),
                clock.instant().plusSeconds(expiresIn), refresh != null ? clientId : null,
                refresh != null ? clientSecret : null);
    }

    // ------------------------------------------------------------------------------------------------ device code

    /** The original's device-code flow. */
    OidcToken deviceCode(SourceRequest request, Profile p) throws CredentialSourceException {
        URI endpoint = AwsClients.ssoOidcEndpoint(request.aws(), p.region);
        String operation = "RegisterClient";
        try (SsoOidcClient oidc = AwsClients.ssoOidc(request.aws(), p.region)) {
            RegisterClientResponse client = oidc.registerClient(b -> {
                b.clientName("aws-vault").clientType("public");
                if (!p.scopes.isEmpty()) {
                    b.scopes(p.scopes); // sso_registration_scopes (ignored by the original) give a refresh token
                }
            });
            operation = "StartDeviceAuthorization";
            StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                    .clientSecret(client.clientSecret()).startUrl(p.startUrl));
            prompt(request, device.verificationUriComplete());
            Duration interval = device.interval() == null || device.interval() <= 0 ? DEFAULT_INTERVAL
                    : Duration.ofSeconds(device.interval());
            Instant deadline = clock.instant().plusSeconds(device.expiresIn() == null ? 600 : device.expiresIn());
            operation = "CreateToken";
            while (true) {
                try {
                    CreateTokenResponse t = oidc.createToken(b -> b.grantType(DEVICE_GRANT)
                            .deviceCode(device.deviceCode()).clientId(client.clientId())
                            .clientSecret(client.clientSecret()));
                    return token(t, client.clientId(), client.clientSecret());
                } catch (SlowDownException e) {
                    interval = interval.plus(SLOW_DOWN_STEP);
                } catch (AuthorizationPendingException e) {
                    // the user has not approved yet
                }
                if (clock.instant().plus(interval).isAfter(deadline)) {
                    throw new CredentialSourceException("SSO sign-in for " + p.startUrl
                            + " failed: the device authorization expired before it was approved");
                }
                try {
                    sleeper.sleep(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CredentialSourceException("SSO sign-in for " + p.startUrl + " was interrupted");
                }
            }
        } catch (SdkException e) {
            throw new CredentialSourceException(AwsErrors.describe("SSO OIDC", operation, endpoint, e), e);
        }
    }

    /** The original's lines on stderr, then the browser unless {@code --stdout}. */
    private void prompt(SourceRequest request, String url) {
        PrintStream out = request.messages();
        if (request.mayOpenBrowser()) {
            out.print("Opening the SSO authorization page in your default browser (use Ctrl-C to abort)\n" + url + "\n");
            out.flush();
            browser.open(url, request.environment());
        } else {
            out.print("Open the SSO authorization page in a browser (use Ctrl-C to abort)\n" + url + "\n");
            out.flush();
        }
    }

    // ------------------------------------------------------------------------------------------------ PKCE

    /** The authorization-code flow with PKCE (S256) and a loopback redirect, as AWS CLI v2 does. */
    OidcToken authorizationCode(SourceRequest request, Profile p) throws CredentialSourceException {
        URI endpoint = AwsClients.ssoOidcEndpoint(request.aws(), p.region);
        List<String> scopes = p.scopes.isEmpty() ? List.of(DEFAULT_SCOPE) : p.scopes;
        String operation = "RegisterClient";
        try (LoopbackCallback callback = new LoopbackCallback();
             SsoOidcClient oidc = AwsClients.ssoOidc(request.aws(), p.region)) {
            String redirectUri = callback.redirectUri();
            RegisterClientResponse client = oidc.registerClient(b -> b.clientName("aws-vault").clientType("public")
                    .grantTypes("authorization_code", "refresh_token").redirectUris(redirectUri).scopes(scopes)
                    .issuerUrl(p.startUrl));
            String verifier = random(64);
            String state = random(32);
            String url = authorizeUrl(endpoint, client.clientId(), redirectUri, state, challenge(verifier), scopes);
            prompt(request, url);
            Map<String, String> answer;
            try {
                answer = callback.result().get(callbackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new CredentialSourceException("SSO sign-in for " + p.startUrl + " failed: no answer from the"
                        + " browser within " + callbackTimeout.toMinutes() + " minutes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CredentialSourceException("SSO sign-in for " + p.startUrl + " was interrupted");
            } catch (ExecutionException e) {
                throw new CredentialSourceException("SSO sign-in for " + p.startUrl + " failed: the loopback"
                        + " callback failed");
            }
            if (!state.equals(answer.get("state"))) {
                throw new CredentialSourceException("SSO sign-in for " + p.startUrl + " failed: the authorization"
                        + " answer does not match the request (state mismatch)");
            }
            if (answer.containsKey("error")) {
                String desc = answer.getOrDefault("error_description", "");
                throw new CredentialSourceException(AwsErrors.oneLine("SSO sign-in for " + p.startUrl
                        + " failed: " + answer.get("error") + (desc.isEmpty() ? "" : ": " + desc)));
            }
            String code = answer.get("code");
            if (code == null || code.isEmpty()) {
                throw new CredentialSourceException("SSO sign-in for " + p.startUrl
                        + " failed: the authorization answer has no code");
            }
            operation = "CreateToken";
            CreateTokenResponse t = oidc.createToken(b -> b.grantType("authorization_code").code(code)
                    .codeVerifier(verifier).redirectUri(redirectUri).clientId(client.clientId())
                    .clientSecret(client.clientSecret()));
            return token(t, client.clientId(), client.clientSecret());
        } catch (IOException e) {
            throw new CredentialSourceException("SSO sign-in for " + p.startUrl
                    + " failed: cannot listen on 127.0.0.1: " + AwsErrors.oneLine(String.valueOf(e.getMessage())), e);
        } catch (SdkException e) {
            throw new CredentialSourceException(AwsErrors.describe("SSO OIDC", operation, endpoint, e), e);
        }
    }

    /** {@code <oidc endpoint>/authorize?…}: {@code https://oidc.<region>.amazonaws.com/authorize} without override. */
    static String authorizeUrl(URI oidcEndpoint, String clientId, String redirectUri, String state, String challenge,
                               List<String> scopes) {
        String base = oidcEndpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirectUri)
                + "&state=" + enc(state) + "&code_challenge_method=S256&code_challenge=" + enc(challenge)
                + "&scopes=" + enc(String.join(" ", scopes));
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<String> value(SourceRequest request, String key) {
        return request.value(key).filter(v -> !v.isBlank());
    }
}
