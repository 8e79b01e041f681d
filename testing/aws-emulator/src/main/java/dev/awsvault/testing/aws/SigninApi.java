package dev.awsvault.testing.aws;

import dev.awsvault.testing.aws.Model.Cred;
import dev.awsvault.testing.aws.Model.Kind;
import dev.awsvault.testing.aws.Model.SigninToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * The AWS sign-in federation endpoint ({@code GET /federation}) as a custom identity broker uses it:
 * {@code Action=getSigninToken&Session=<JSON credentials>[&SessionDuration=<seconds>]} answers
 * {@code {"SigninToken":"…"}}; {@code Action=login&Issuer=…&Destination=…&SigninToken=…} sends the browser on to the
 * destination with a console cookie; {@code /oauth?Action=logout&redirect_uri=…} drops the cookie. The rules are
 * AWS's: only temporary credentials of a role session (AssumeRole, web identity, SSO) or of a federated user
 * (GetFederationToken) sign in; {@code SessionDuration} is 900–43200 seconds and only for role sessions; sign-in
 * tokens expire after 15 minutes.
 */
final class SigninApi {
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final String COOKIE = "aws-emulator-console";
    private static final int MIN_SESSION_SECONDS = 900;
    private static final int MAX_SESSION_SECONDS = 43200;

    private final AwsEmulator emu;

    SigninApi(AwsEmulator emu) {
        this.emu = emu;
    }

    /** Where the browser goes next, and the console cookie to set (null: none). */
    record Redirect(URI location, String cookie) {
    }

    /** The access key id named in a getSigninToken Session parameter, for the call log (null when unreadable). */
    static String sessionId(Map<String, String> q) {
        try {
            Object id = Wire.readJsonObject(q.getOrDefault("Session", "").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .get("sessionId");
            return id instanceof String s ? s : null;
        } catch (AwsError e) {
            return null;
        }
    }

    /** {@code Action=getSigninToken}: the JSON answer. */
    String getSigninToken(Map<String, String> q) throws AwsError {
        String session = q.get("Session");
        if (session == null || session.isEmpty()) {
            throw invalid("MissingParameter", "The Session parameter is required");
        }
        Map<String, Object> json;
        try {
            json = Wire.readJsonObject(session.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (AwsError e) {
            throw invalid("InvalidCredentials", "Invalid credentials parameter: Session is not a JSON object");
        }
        String id = string(json, "sessionId");
        String key = string(json, "sessionKey");
        String token = string(json, "sessionToken");
        Integer sessionDuration = sessionDuration(q.get("SessionDuration"));
        synchronized (emu.lock) {
            Cred c = id == null ? null : emu.keys.get(id);
            if (c == null || !c.active || key == null || !c.secret.equals(key)) {
                throw invalid("InvalidCredentials", "Invalid credentials parameter");
            }
            if (c.kind == Kind.USER) {
                throw invalid("InvalidCredentials", "Invalid credentials parameter: long-term access keys cannot sign in"
                        + " to the console (use AssumeRole or GetFederationToken credentials)");
            }
            if (c.kind == Kind.SESSION) {
                throw invalid("InvalidCredentials", "Invalid credentials parameter: GetSessionToken credentials cannot"
                        + " sign in to the console");
            }
            if (token == null || !token.equals(c.token)) {
                throw invalid("InvalidCredentials", "Invalid credentials parameter: wrong or missing sessionToken");
            }
            if (!emu.now().isBefore(c.expiration)) {
                throw invalid("ExpiredToken", "The security token included in the request is expired");
            }
            if (sessionDuration != null && c.kind != Kind.ROLE) {
                throw invalid("InvalidCredentials", "Invalid credentials parameter: SessionDuration can only be used"
                        + " with role session credentials, not with GetFederationToken credentials");
            }
            String signinToken = emu.randomToken("emu-signin-", 96);
            emu.signinTokens.put(signinToken, new SigninToken(signinToken, c, sessionDuration,
                    emu.now().plus(TOKEN_LIFETIME)));
            return Wire.jsonObject("SigninToken", signinToken);
        }
    }

    /** {@code Action=login}: on to the destination with a new console session. */
    Redirect login(Map<String, String> q) throws AwsError {
        String destination = q.get("Destination");
        String token = q.get("SigninToken");
        if (token == null || token.isEmpty()) {
            throw invalid("MissingParameter", "The SigninToken parameter is required");
        }
        URI to = absoluteUrl(destination, "Destination");
        synchronized (emu.lock) {
            SigninToken t = emu.signinTokens.get(token);
            if (t == null) {
                throw invalid("InvalidSigninToken", "The sign-in token is not valid");
            }
            if (!emu.now().isBefore(t.expiresAt())) {
                throw invalid("ExpiredSigninToken", "The sign-in token has expired");
            }
            Cred c = t.cred();
            ConsoleSession s = new ConsoleSession(c.arn, c.accessKeyId, q.get("Issuer"), destination,
                    t.sessionDurationSeconds() == null ? null : Duration.ofSeconds(t.sessionDurationSeconds()));
            String cookie = emu.randomToken("", 24);
            emu.consoleCookies.put(cookie, s);
            emu.consoleSessions.add(s);
            return new Redirect(to, cookie);
        }
    }

    /** {@code /oauth?Action=logout&redirect_uri=…}: forgets the console session. */
    Redirect logout(Map<String, String> q, String cookie) throws AwsError {
        if (!"logout".equals(q.get("Action"))) {
            throw invalid("InvalidAction", "Unsupported action " + q.get("Action"));
        }
        URI to = absoluteUrl(q.get("redirect_uri"), "redirect_uri");
        synchronized (emu.lock) {
            if (cookie != null) {
                emu.consoleCookies.remove(cookie);
            }
        }
        return new Redirect(to, null);
    }

    /** The console session of a cookie value, or null. */
    ConsoleSession console(String cookie) {
        synchronized (emu.lock) {
            return cookie == null ? null : emu.consoleCookies.get(cookie);
        }
    }

    private static Integer sessionDuration(String value) throws AwsError {
        if (value == null) {
            return null;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid("InvalidSessionDuration", "SessionDuration must be a number of seconds, got " + value);
        }
        if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
            throw invalid("InvalidSessionDuration", "SessionDuration must be between " + MIN_SESSION_SECONDS + " and "
                    + MAX_SESSION_SECONDS + " seconds, got " + seconds);
        }
        return seconds;
    }

    private static URI absoluteUrl(String value, String name) throws AwsError {
        if (value == null || value.isEmpty()) {
            throw invalid("MissingParameter", "The " + name + " parameter is required");
        }
        try {
            URI u = new URI(value);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw invalid("InvalidParameter", name + " must be an absolute http(s) URL: " + value);
        }
    }

    private static String string(Map<String, Object> json, String name) {
        return json.get(name) instanceof String s ? s : null;
    }

    private static AwsError invalid(String code, String message) {
        return new AwsError(400, code, message);
    }
}
