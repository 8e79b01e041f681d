package dev.awsvault.testing.aws;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awsvault.testing.aws.Model.Cred;
import dev.awsvault.testing.aws.Model.DeviceAuth;
import dev.awsvault.testing.aws.Model.DeviceState;
import dev.awsvault.testing.aws.Model.Injected;
import dev.awsvault.testing.aws.Model.Kind;
import dev.awsvault.testing.aws.Model.SsoToken;
import dev.awsvault.testing.aws.Model.User;
import dev.awsvault.testing.aws.Model.WebIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local AWS emulator for tests: STS and IAM (Query protocol, XML), SSO portal and SSO-OIDC (REST-JSON) on one
 * {@code http://127.0.0.1:<port>} endpoint, meant to be reached by the real AWS SDK v2 clients (and the real AWS CLI)
 * through their endpoint override.
 *
 * <p>It enforces AWS's rules rather than answering happy paths: every signed request's SigV4 signature is recomputed
 * with the secret of the key it names (seeded or issued here); a temporary key must come with the session token it was
 * issued with; expired credentials, GetSessionToken/GetFederationToken with temporary credentials, AssumeRole longer
 * than one hour when chained, wrong MFA codes and unknown roles are refused with AWS's error codes and messages.
 * AssumeRoleWithWebIdentity and the SSO-OIDC calls are unsigned; SSO GetRoleCredentials is checked by its bearer token.
 *
 * <p>Time: the credentials' expiry uses the emulator clock ({@link #now()}, moved by {@link #advance}); the SigV4
 * 15-minute request-time window is checked against the real clock, because clients sign with the real clock.
 *
 * <p>Thread-safe. Close it (try-with-resources) to stop the server and release held calls.
 */
public final class AwsEmulator implements AutoCloseable {
    /** The account id of seeded users (and of roles unless their ARN says otherwise). */
    public static final String ACCOUNT = "123456789012";

    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final Set<String> STS_ACTIONS = Set.of("GetCallerIdentity", "GetSessionToken", "AssumeRole",
            "AssumeRoleWithWebIdentity", "GetFederationToken");
    static final Set<String> IAM_ACTIONS = Set.of("GetUser", "CreateAccessKey", "DeleteAccessKey", "ListAccessKeys");
    private static final Set<String> UNSIGNED_ACTIONS = Set.of("AssumeRoleWithWebIdentity");
    private static final int MAX_BODY = 1 << 20;
    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    final Object lock = new Object();
    final SecureRandom random = new SecureRandom();

    // --- state (guarded by lock) ---
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Cred> keys = new HashMap<>();
    final Map<String, RoleSpec> roles = new HashMap<>();
    final Map<String, String> roleIds = new HashMap<>();
    final Map<String, String> mfa = new HashMap<>();
    final Set<String> usedMfaCodes = new HashSet<>();
    boolean mfaSingleUse;
    final Map<String, WebIdentity> webIdentityTokens = new HashMap<>();
    final Set<String> ssoGrants = new HashSet<>();
    final Map<String, SsoToken> ssoTokens = new HashMap<>();
    final Map<String, Model.OidcClient> oidcClients = new HashMap<>();
    final Map<String, DeviceAuth> devices = new LinkedHashMap<>();
    final Map<String, Model.AuthCode> authCodes = new HashMap<>();
    final Map<String, Model.RefreshToken> refreshTokens = new HashMap<>();
    boolean autoApproveDevices;
    boolean authorizationApproves = true;
    String ssoSubject = "sso-user";
    Duration ssoTokenLifetime = Duration.ofHours(8);
    Duration ssoRoleSessionDuration = Duration.ofHours(1);
    int deviceInterval = 1;
    int newKeyRefusals;
    final Map<String, Model.SigninToken> signinTokens = new HashMap<>();
    final Map<String, ConsoleSession> consoleCookies = new HashMap<>();
    final List<ConsoleSession> consoleSessions = new ArrayList<>();
    private final Map<String, Deque<Injected>> failures = new HashMap<>();
    private final Set<String> hanging = new HashSet<>();
    private Hold hold = new Hold();
    private Duration clockOffset = Duration.ZERO;
    private volatile boolean checkRequestTime = true;
    private volatile Duration hangLimit = Duration.ofMinutes(5);

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final URI endpoint;
    private volatile boolean closed;

    private final StsApi sts = new StsApi(this);
    private final IamApi iam = new IamApi(this);
    private final SsoApi sso = new SsoApi(this);
    private final SigninApi signin = new SigninApi(this);

    /** Held calls wait on one of these; release() opens it and puts a fresh one in place. */
    private static final class Hold {
        final CountDownLatch latch = new CountDownLatch(1);
        volatile boolean released;
    }

    private AwsEmulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(64, 64, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "aws-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts an emulator on 127.0.0.1 and a free port. */
    public static AwsEmulator start() {
        return start(0);
    }

    /** Starts an emulator on 127.0.0.1:{@code port} (0: any free port). */
    public static AwsEmulator start(int port) {
        try {
            return new AwsEmulator(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS emulator on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for STS, IAM, SSO and SSO-OIDC alike. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * {@code http://127.0.0.1:<port>/federation}: the sign-in federation endpoint (getSigninToken, login). Every other
     * path a browser with a console cookie visits is answered by the stand-in console page.
     */
    public URI federationEndpoint() {
        return endpoint.resolve("/federation");
    }

    public int port() {
        return endpoint.getPort();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            hold.latch.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ test API: setup

    /** Creates the IAM user (if new) in {@link #ACCOUNT} with this long-term access key. At most 2 keys per user. */
    public AwsEmulator seedUser(String userName, String accessKeyId, String secretAccessKey) {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId == null || !accessKeyId.matches("[A-Z0-9]{16,128}")) {
            throw new IllegalArgumentException("access key id must be 16-128 upper-case letters or digits: " + accessKeyId);
        }
        synchronized (lock) {
            if (keys.containsKey(accessKeyId)) {
                throw new IllegalStateException("access key already known: " + accessKeyId);
            }
            User u = users.computeIfAbsent(userName, n -> new User(n, ACCOUNT, "AIDA" + randomId(17), now()));
            if (u.keys.size() >= 2) {
                throw new IllegalStateException("user " + userName + " already has 2 access keys (the AWS limit)");
            }
            addUserKey(u, accessKeyId, secretAccessKey, "seed");
        }
        return this;
    }

    Cred addUserKey(User u, String accessKeyId, String secret, String issuedBy) {
        Cred c = new Cred(accessKeyId, secret, null, null, Kind.USER, u.account, u.arn(), u.userId, u, false, null,
                issuedBy, now(), Map.of(), null);
        u.keys.add(c);
        keys.put(accessKeyId, c);
        return c;
    }

    /** An MFA device: calls naming {@code serial} must carry {@code code} (6 digits). Replaces an earlier code. */
    public AwsEmulator expectMfa(String serial, String code) {
        synchronized (lock) {
            mfa.put(Objects.requireNonNull(serial, "serial"), Objects.requireNonNull(code, "code"));
        }
        return this;
    }

    /** When true, an MFA code is accepted once per serial, as AWS refuses a reused one-time code. Default false. */
    public AwsEmulator mfaCodesSingleUse(boolean singleUse) {
        synchronized (lock) {
            mfaSingleUse = singleUse;
        }
        return this;
    }

    /** A role with AWS's defaults (MaxSessionDuration 1h, no conditions). Unknown roles are refused (AccessDenied). */
    public AwsEmulator defineRole(String roleArn) {
        return defineRole(RoleSpec.of(roleArn));
    }

    public AwsEmulator defineRole(RoleSpec role) {
        synchronized (lock) {
            roles.put(role.arn, role);
            roleIds.computeIfAbsent(role.arn, a -> "AROA" + randomId(17));
        }
        return this;
    }

    /** A token AssumeRoleWithWebIdentity accepts (compared verbatim), for the given subject. */
    public AwsEmulator acceptWebIdentityToken(String token, String subject) {
        synchronized (lock) {
            webIdentityTokens.put(Objects.requireNonNull(token, "token"),
                    new WebIdentity(Objects.requireNonNull(subject, "subject"), "emulator.local", "sts.amazonaws.com"));
        }
        return this;
    }

    /** Assigns an SSO permission set: GetRoleCredentials(accountId, roleName) succeeds for any valid token. */
    public AwsEmulator grantSsoRole(String accountId, String roleName) {
        synchronized (lock) {
            ssoGrants.add(accountId + "/" + roleName);
        }
        return this;
    }

    /** An SSO access token valid for {@code validFor} from now (emulator clock), as if obtained earlier. */
    public AwsEmulator seedSsoToken(String accessToken, Duration validFor) {
        synchronized (lock) {
            ssoTokens.put(accessToken, new SsoToken(accessToken, null, null, ssoSubject, now().plus(validFor)));
        }
        return this;
    }

    /** Makes an SSO access token invalid (GetRoleCredentials then answers 401). */
    public AwsEmulator revokeSsoToken(String accessToken) {
        synchronized (lock) {
            ssoTokens.remove(accessToken);
        }
        return this;
    }

    /** Lifetime of the access tokens CreateToken issues (default 8 hours). */
    public AwsEmulator ssoTokenLifetime(Duration d) {
        synchronized (lock) {
            ssoTokenLifetime = d;
        }
        return this;
    }

    /** Lifetime of the role credentials GetRoleCredentials issues (default 1 hour). */
    public AwsEmulator ssoRoleSessionDuration(Duration d) {
        synchronized (lock) {
            ssoRoleSessionDuration = d;
        }
        return this;
    }

    /** The user name in SSO role sessions (default {@code sso-user}). */
    public AwsEmulator ssoSubject(String subject) {
        synchronized (lock) {
            ssoSubject = subject;
        }
        return this;
    }

    /** The polling interval StartDeviceAuthorization announces (default 1 second, as AWS). */
    public AwsEmulator deviceInterval(int seconds) {
        synchronized (lock) {
            deviceInterval = seconds;
        }
        return this;
    }

    /** When true, device authorizations are approved as soon as they start. Default false. */
    public AwsEmulator autoApproveDevices(boolean auto) {
        synchronized (lock) {
            autoApproveDevices = auto;
        }
        return this;
    }

    /** Whether the authorization endpoint ({@code GET /authorize}, {@link #authorize}) approves. Default true. */
    public AwsEmulator authorizationApproves(boolean approves) {
        synchronized (lock) {
            authorizationApproves = approves;
        }
        return this;
    }

    /**
     * IAM's eventual consistency: an access key made by CreateAccessKey is refused ({@code InvalidClientTokenId}, as
     * AWS answers while a new key propagates) for its first {@code calls} signed calls, STS and IAM alike. Applies
     * to keys created from now on. Default 0.
     */
    public AwsEmulator newKeysRefusedFor(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative: " + calls);
        }
        synchronized (lock) {
            newKeyRefusals = calls;
        }
        return this;
    }

    /** Whether the SigV4 15-minute request-time window is checked against the real clock (default true). */
    public AwsEmulator checkRequestTime(boolean check) {
        this.checkRequestTime = check;
        return this;
    }

    // -------------------------------------------------------------------------------------------- test API: SSO hooks

    /**
     * The user approves the device authorization with this user code (as on the verification page; {@code GET
     * <verificationUriComplete>} does the same). The next CreateToken for it succeeds.
     */
    public void approveDevice(String userCode) {
        setDevice(userCode, DeviceState.APPROVED);
    }

    /** The user denies it: CreateToken answers AccessDeniedException. */
    public void denyDevice(String userCode) {
        setDevice(userCode, DeviceState.DENIED);
    }

    private void setDevice(String userCode, DeviceState state) {
        synchronized (lock) {
            for (DeviceAuth d : devices.values()) {
                if (d.userCode.equals(userCode) && d.state == DeviceState.PENDING) {
                    d.state = state;
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no pending device authorization with user code " + userCode);
    }

    /** User codes of device authorizations still waiting for the user, oldest first. */
    public List<String> pendingUserCodes() {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (DeviceAuth d : devices.values()) {
                if (d.state == DeviceState.PENDING && now().isBefore(d.expiresAt)) {
                    out.add(d.userCode);
                }
            }
            return out;
        }
    }

    /**
     * What the browser does with an authorization URL ({@code <endpoint>/authorize?response_type=code&client_id=..
     * &redirect_uri=..&state=..&code_challenge=..&code_challenge_method=S256&scopes=..}): the user signs in and
     * approves, and the browser is sent to the returned redirect URI ({@code <redirect_uri>?code=..&state=..}, or
     * {@code ?error=access_denied..} when {@link #authorizationApproves} is false).
     *
     * @throws IllegalArgumentException for an invalid request (unknown client, unregistered redirect URI, ...)
     */
    public URI authorize(String authorizationUrl) {
        Map<String, String> q = new LinkedHashMap<>();
        Wire.parseForm(URI.create(authorizationUrl).getRawQuery(), q);
        try {
            return sso.authorize(q);
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------ test API: faults and clock

    /** The next call of {@code action} is answered with this error (in the service's wire shape), once. */
    public AwsEmulator failNext(String action, String errorCode, int status) {
        return failNext(action, errorCode, status, errorCode + " (injected by the AWS emulator)");
    }

    public AwsEmulator failNext(String action, String errorCode, int status, String message) {
        synchronized (lock) {
            failures.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new Injected(errorCode, status, message));
        }
        return this;
    }

    /**
     * Calls of {@code action} are held without an answer (for timeout tests) until {@link #release()}, {@link #close()}
     * or the hang limit (5 minutes by default, then the connection is dropped unanswered).
     */
    public AwsEmulator hang(String action) {
        synchronized (lock) {
            hanging.add(action);
        }
        return this;
    }

    /** Stops holding calls: the held ones proceed and are answered normally. */
    public AwsEmulator release() {
        synchronized (lock) {
            hanging.clear();
            hold.released = true;
            hold.latch.countDown();
            hold = new Hold();
        }
        return this;
    }

    /** The longest a held call waits before its connection is dropped (default 5 minutes). */
    public AwsEmulator hangLimit(Duration limit) {
        this.hangLimit = limit;
        return this;
    }

    /** The emulator clock: real time plus everything {@link #advance}d. */
    public Instant now() {
        synchronized (lock) {
            return Instant.now().plus(clockOffset);
        }
    }

    /** Moves the emulator clock forward (credentials, tokens and device codes expire by it). */
    public AwsEmulator advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + d);
        }
        synchronized (lock) {
            clockOffset = clockOffset.plus(d);
        }
        return this;
    }

    // ----------------------------------------------------------------------------------------- test API: observation

    /** Every call so far, in arrival order (a snapshot). */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one action, in arrival order. */
    public List<Call> calls(String action) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (action.equals(c.action())) {
                out.add(c);
            }
        }
        return out;
    }

    /** How many calls of {@code action} arrived (answered or not, successful or not). */
    public int callCount(String action) {
        return calls(action).size();
    }

    public AwsEmulator clearCalls() {
        calls.clear();
        return this;
    }

    /** Called with each call once it has been answered (or dropped). */
    public AwsEmulator onCall(Consumer<Call> listener) {
        listeners.add(listener);
        return this;
    }

    /** What the emulator knows about an access key, if anything. */
    public Optional<KeyInfo> describeKey(String accessKeyId) {
        synchronized (lock) {
            Cred c = keys.get(accessKeyId);
            if (c == null) {
                return Optional.empty();
            }
            return Optional.of(new KeyInfo(c.accessKeyId, c.kind.name().toLowerCase(java.util.Locale.ROOT), c.arn,
                    c.account, c.expiration, c.mfa, c.issuedFrom, c.issuedBy, c.tags, c.sourceIdentity));
        }
    }

    /** The console sign-ins completed so far ({@code /federation?Action=login}), oldest first. */
    public List<ConsoleSession> consoleSessions() {
        synchronized (lock) {
            return List.copyOf(consoleSessions);
        }
    }

    /** The access keys of an IAM user, oldest first. */
    public List<String> accessKeysOf(String userName) {
        synchronized (lock) {
            User u = users.get(userName);
            List<String> out = new ArrayList<>();
            if (u != null) {
                u.keys.forEach(k -> out.add(k.accessKeyId));
            }
            return out;
        }
    }

    // -------------------------------------------------------------------------------------------------- internals

    String randomId(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
        }
        return new String(c);
    }

    String randomSecret() {
        byte[] b = new byte[30];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    String randomToken(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Issues temporary credentials (caller holds the lock). */
    Cred issueTemporary(Kind kind, Duration duration, String account, String arn, String userId, User user,
                        boolean mfaPresent, Cred from, String action, Map<String, String> tags, String sourceIdentity) {
        byte[] t = new byte[192];
        random.nextBytes(t);
        String token = "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(t);
        Instant issued = now();
        Cred c = new Cred("ASIA" + randomId(16), randomSecret(), token,
                issued.plus(duration).truncatedTo(ChronoUnit.SECONDS), kind, account, arn, userId, user, mfaPresent,
                from == null ? null : from.accessKeyId, action, issued, tags == null ? Map.of() : Map.copyOf(tags),
                sourceIdentity);
        keys.put(c.accessKeyId, c);
        return c;
    }

    /**
     * Checks a {@code SerialNumber}/{@code TokenCode} pair, if the call has one. Returns whether MFA was given and
     * valid; throws AWS's error otherwise.
     */
    boolean checkMfa(Map<String, String> params) throws AwsError {
        String serial = params.get("SerialNumber");
        String code = params.get("TokenCode");
        if (serial == null && code == null) {
            return false;
        }
        if (serial != null && (serial.length() < 9 || serial.length() > 256 || !serial.matches("[\\w+=/:,.@-]*"))) {
            throw AwsError.validation("1 validation error detected: Value '" + serial + "' at 'serialNumber' failed to"
                    + " satisfy constraint: Member must " + (serial.matches("[\\w+=/:,.@-]*")
                    ? "have length greater than or equal to 9" : "satisfy regular expression pattern: [\\w+=/:,.@-]*"));
        }
        if (code != null && !code.matches("\\d*")) {
            throw AwsError.validation("1 validation error detected: Value at 'tokenCode' failed to satisfy constraint:"
                    + " Member must satisfy regular expression pattern: [\\d]*");
        }
        if (code != null && code.length() != 6) {
            throw AwsError.validation("1 validation error detected: Value at 'tokenCode' failed to satisfy constraint:"
                    + " Member must have length " + (code.length() < 6 ? "greater" : "less") + " than or equal to 6");
        }
        String expected = serial == null ? null : mfa.get(serial);
        if (expected == null) {
            throw AwsError.accessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify"
                    + " your MFA serial number is valid and associated with this user.");
        }
        if (code == null || !expected.equals(code) || (mfaSingleUse && usedMfaCodes.contains(serial + "\n" + code))) {
            throw AwsError.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        }
        if (mfaSingleUse) {
            usedMfaCodes.add(serial + "\n" + code);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) {
        try (ex) {
            byte[] body = readBody(ex);
            if (body == null) {
                send(ex, 413, "text/plain", "request body too large".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            if ((path == null || path.isEmpty() || path.equals("/")) && method.equals("GET")
                    && ex.getRequestURI().getRawQuery() == null && signin.console(consoleCookie(ex)) != null) {
                handleConsole(ex); // the console's front page (a destination without region)
            } else if (path == null || path.isEmpty() || path.equals("/")) {
                handleQuery(ex, method, body);
            } else if (path.equals("/federation/credentials") && method.equals("GET")) {
                handleJson(ex, "sso", "GetRoleCredentials", body);
            } else if (method.equals("POST") && path.equals("/client/register")) {
                handleJson(ex, "sso-oidc", "RegisterClient", body);
            } else if (method.equals("POST") && path.equals("/device_authorization")) {
                handleJson(ex, "sso-oidc", "StartDeviceAuthorization", body);
            } else if (method.equals("POST") && path.equals("/token")) {
                handleJson(ex, "sso-oidc", "CreateToken", body);
            } else if (method.equals("GET") && path.equals("/authorize")) {
                handleBrowser(ex, "Authorize");
            } else if (method.equals("GET") && path.equals("/device")) {
                handleBrowser(ex, "VerifyDevice");
            } else if (method.equals("GET") && path.equals("/federation")) {
                handleFederation(ex);
            } else if (method.equals("GET") && path.equals("/oauth")) {
                handleLogout(ex);
            } else if (method.equals("GET") && (path.startsWith("/console")
                    || signin.console(consoleCookie(ex)) != null)) {
                handleConsole(ex);
            } else {
                Call call = log(ex, new Call(now(), "unknown", method + " " + path, method, path, Map.of(), null, null));
                byte[] msg = "{\"message\":\"Not found\"}".getBytes(StandardCharsets.UTF_8);
                finish(call, 404, "NotFound", "no such route");
                send(ex, 404, "application/json", msg, null);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a bug: the connection is closed either way
        } finally {
            if (ex.getAttribute(Call.class.getName()) instanceof Call call) {
                notifyListeners(call);
            }
        }
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY) {
                    return null;
                }
            }
            return out.toByteArray();
        }
    }

    private Call log(HttpExchange ex, Call call) {
        calls.add(call);
        ex.setAttribute(Call.class.getName(), call);
        return call;
    }

    /** Records the outcome; called BEFORE the answer is sent, so a client that got it sees it in the log. */
    private void finish(Call call, int status, String code, String message) {
        call.finish(status, code, message);
    }

    /** Tells the listeners, after the answer went out. */
    private void notifyListeners(Call call) {
        for (Consumer<Call> l : listeners) {
            try {
                l.accept(call);
            } catch (RuntimeException e) {
                // a listener's failure is not the client's problem
            }
        }
    }

    /** Holds the call if its action hangs. Returns false when the call must be dropped unanswered. */
    private boolean holdIfHanging(String action) {
        Hold h;
        synchronized (lock) {
            if (!hanging.contains(action)) {
                return true;
            }
            h = hold;
        }
        try {
            h.latch.await(hangLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return h.released && !closed;
    }

    private Injected injected(String action) {
        synchronized (lock) {
            Deque<Injected> q = failures.get(action);
            return q == null ? null : q.poll();
        }
    }

    private void handleQuery(HttpExchange ex, String method, byte[] body) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        Wire.parseForm(ex.getRequestURI().getRawQuery(), params);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (method.equals("POST") && (contentType == null || contentType.startsWith("application/x-www-form-urlencoded"))) {
            Wire.parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        String action = params.remove("Action");
        String version = params.remove("Version");
        String service = STS_ACTIONS.contains(action) ? "sts" : IAM_ACTIONS.contains(action) ? "iam" : null;
        SigV4.Auth auth = null;
        AwsError authError = null;
        try {
            auth = SigV4.parse(ex.getRequestHeaders());
        } catch (AwsError e) {
            authError = e;
        }
        Call call = log(ex, new Call(now(), service == null ? "unknown" : service, action == null ? "" : action, method,
                ex.getRequestURI().getRawPath(), params, auth == null ? null : auth.accessKeyId(),
                auth == null ? null : auth.region()));
        String ns = "iam".equals(service) ? IAM_NS : STS_NS;
        try {
            if (service == null) {
                throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version "
                        + (version == null ? "NO_VERSION_SPECIFIED" : version));
            }
            if (!holdIfHanging(action)) {
                finish(call, 0, null, "held, then dropped unanswered");
                return;
            }
            Injected inj = injected(action);
            if (inj != null) {
                throw new AwsError(inj.status(), inj.code(), inj.message());
            }
            if (authError != null) {
                throw authError;
            }
            Cred signer = null;
            if (auth != null) {
                signer = authenticate(auth, service, ex, body);
            } else if (!UNSIGNED_ACTIONS.contains(action)) {
                throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            }
            String result = service.equals("sts") ? sts.handle(action, params, signer) : iam.handle(action, params, signer);
            String requestId = UUID.randomUUID().toString();
            String xml = "<" + action + "Response xmlns=\"" + ns + "\">"
                    + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                    + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action
                    + "Response>";
            finish(call, 200, null, null);
            send(ex, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), requestId);
        } catch (AwsError e) {
            String requestId = UUID.randomUUID().toString();
            String xml = "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>" + (e.status >= 500 ? "Receiver" : "Sender")
                    + "</Type>" + Wire.el("Code", e.code) + Wire.el("Message", e.getMessage()) + "</Error>"
                    + Wire.el("RequestId", requestId) + "</ErrorResponse>";
            finish(call, e.status, e.code, e.getMessage());
            send(ex, e.status, "text/xml", xml.getBytes(StandardCharsets.UTF_8), requestId);
        }
    }

    private Cred authenticate(SigV4.Auth auth, String service, HttpExchange ex, byte[] body) throws AwsError {
        Headers h = ex.getRequestHeaders();
        Cred c;
        synchronized (lock) {
            c = keys.get(auth.accessKeyId());
            if (c != null && !c.active) {
                c = null;
            }
        }
        if (c == null) {
            throw AwsError.invalidClientTokenId();
        }
        synchronized (lock) {
            if (c.refusalsLeft > 0) {
                c.refusalsLeft--;
                throw AwsError.invalidClientTokenId();
            }
        }
        String token = h.getFirst("X-Amz-Security-Token");
        if (c.token == null ? token != null : !c.token.equals(token)) {
            throw AwsError.invalidClientTokenId();
        }
        if (!"aws4_request".equals(auth.terminator())) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Credential should be scoped with a valid terminator:"
                    + " 'aws4_request', not '" + auth.terminator() + "'.");
        }
        if (!service.equals(auth.service())) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: '"
                    + service + "'. ");
        }
        // The signing region is not checked (it is logged in Call.region()): without an endpoint override the SDK
        // signs IAM for us-east-1 whatever the client region, with one it signs for the client region.
        if (!auth.amzDate().startsWith(auth.date())) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + auth.date() + "' != '"
                    + auth.amzDate().substring(0, Math.min(8, auth.amzDate().length())) + "', from '" + auth.amzDate()
                    + "'.");
        }
        String expected = SigV4.expectedSignature(auth, c.secret, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), h, body);
        if (!SigV4.signatureMatches(expected, auth.signature())) {
            throw AwsError.signatureDoesNotMatch();
        }
        if (checkRequestTime) {
            SigV4.checkTime(auth, Instant.now());
        }
        if (c.expiration != null && !now().isBefore(c.expiration)) {
            throw AwsError.expiredToken();
        }
        return c;
    }

    private void handleJson(HttpExchange ex, String service, String action, byte[] body) throws IOException {
        Map<String, String> logged = new LinkedHashMap<>();
        Map<String, Object> json = Map.of();
        Map<String, String> query = new LinkedHashMap<>();
        Wire.parseForm(ex.getRequestURI().getRawQuery(), query);
        AwsError parseError = null;
        if (service.equals("sso")) {
            logged.putAll(query);
            String bearer = ex.getRequestHeaders().getFirst("x-amz-sso_bearer_token");
            if (bearer != null) {
                logged.put("accessToken", bearer);
            }
        } else {
            try {
                json = Wire.readJsonObject(body);
                json.forEach((k, v) -> logged.put(k, v instanceof List<?> l ? String.join(",",
                        l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
            } catch (AwsError e) {
                parseError = e;
            }
        }
        Call call = log(ex, new Call(now(), service, action, ex.getRequestMethod(), ex.getRequestURI().getRawPath(), logged,
                null, null));
        try {
            if (!holdIfHanging(action)) {
                finish(call, 0, null, "held, then dropped unanswered");
                return;
            }
            Injected inj = injected(action);
            if (inj != null) {
                throw new AwsError(inj.status(), inj.code(), inj.message());
            }
            if (parseError != null) {
                throw parseError;
            }
            String result = service.equals("sso")
                    ? sso.getRoleCredentials(query, ex.getRequestHeaders().getFirst("x-amz-sso_bearer_token"))
                    : sso.oidc(action, json);
            finish(call, 200, null, null);
            send(ex, 200, "application/json", result.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());
        } catch (AwsError e) {
            String errorBody = service.equals("sso")
                    ? Wire.jsonObject("message", e.getMessage())
                    : Wire.jsonObject("error", SsoApi.oauthError(e.code), "error_description", e.getMessage());
            ex.getResponseHeaders().add("x-amzn-ErrorType", e.code + ":http://internal.amazon.com/coral/"
                    + "com.amazonaws.switchboard.portal/");
            finish(call, e.status, e.code, e.getMessage());
            send(ex, e.status, "application/json", errorBody.getBytes(StandardCharsets.UTF_8),
                    UUID.randomUUID().toString());
        }
    }

    /** The pages a browser visits: the OIDC authorization endpoint and the device verification page. */
    private void handleBrowser(HttpExchange ex, String action) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        Wire.parseForm(ex.getRequestURI().getRawQuery(), q);
        Call call = log(ex, new Call(now(), "sso-oidc", action, "GET", ex.getRequestURI().getRawPath(), q, null, null));
        try {
            if (!holdIfHanging(action)) {
                finish(call, 0, null, "held, then dropped unanswered");
                return;
            }
            if (action.equals("Authorize")) {
                URI to = sso.authorize(q);
                ex.getResponseHeaders().add("Location", to.toString());
                finish(call, 302, null, null);
                send(ex, 302, "text/html", "<html><body>Redirecting</body></html>".getBytes(StandardCharsets.UTF_8), null);
            } else {
                String userCode = q.get("user_code");
                try {
                    approveDevice(userCode == null ? "" : userCode);
                } catch (IllegalArgumentException e) {
                    throw new AwsError(404, "NotFound", e.getMessage());
                }
                finish(call, 200, null, null);
                send(ex, 200, "text/html", ("<html><body>Request approved. You can close this window.</body></html>")
                        .getBytes(StandardCharsets.UTF_8), null);
            }
        } catch (AwsError e) {
            finish(call, e.status, e.code, e.getMessage());
            send(ex, e.status, "text/plain", (e.code + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8), null);
        }
    }

    /** {@code GET /federation?Action=getSigninToken|login}: the sign-in federation endpoint. */
    private void handleFederation(HttpExchange ex) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        Wire.parseForm(ex.getRequestURI().getRawQuery(), q);
        String action = q.getOrDefault("Action", "");
        Call call = log(ex, new Call(now(), "signin", action, "GET", "/federation", q,
                action.equals("getSigninToken") ? SigninApi.sessionId(q) : null, null));
        try {
            if (!holdIfHanging(action)) {
                finish(call, 0, null, "held, then dropped unanswered");
                return;
            }
            Injected inj = injected(action);
            if (inj != null) {
                throw new AwsError(inj.status(), inj.code(), inj.message());
            }
            switch (action) {
                case "getSigninToken" -> {
                    String json = signin.getSigninToken(q);
                    finish(call, 200, null, null);
                    send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
                }
                case "login" -> redirect(ex, call, signin.login(q));
                default -> throw new AwsError(400, "InvalidAction", "Unsupported action '" + action + "'");
            }
        } catch (AwsError e) {
            finish(call, e.status, e.code, e.getMessage());
            send(ex, e.status, "text/plain", (e.code + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8), null);
        }
    }

    /** {@code GET /oauth?Action=logout&redirect_uri=…}: the console sign-out the fork's {@code --auto-logout} uses. */
    private void handleLogout(HttpExchange ex) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        Wire.parseForm(ex.getRequestURI().getRawQuery(), q);
        Call call = log(ex, new Call(now(), "signin", "logout", "GET", "/oauth", q, null, null));
        try {
            SigninApi.Redirect r = signin.logout(q, consoleCookie(ex));
            ex.getResponseHeaders().add("Set-Cookie", SigninApi.COOKIE + "=; Path=/; Max-Age=0");
            redirect(ex, call, r);
        } catch (AwsError e) {
            finish(call, e.status, e.code, e.getMessage());
            send(ex, e.status, "text/plain", (e.code + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private void redirect(HttpExchange ex, Call call, SigninApi.Redirect r) throws IOException {
        ex.getResponseHeaders().add("Location", r.location().toString());
        if (r.cookie() != null) {
            ex.getResponseHeaders().add("Set-Cookie", SigninApi.COOKIE + "=" + r.cookie() + "; Path=/; HttpOnly");
        }
        finish(call, 302, null, null);
        send(ex, 302, "text/html", "<html><body>Redirecting</body></html>".getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The stand-in console: any page a browser with a console cookie asks for (and {@code /console/...} without one,
     * answered 401). Its title is the page's own URL and it names the signed-in principal, so a headless browser's
     * DOM shows where it landed and as whom.
     */
    private void handleConsole(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Call call = log(ex, new Call(now(), "console", "Console", "GET", ex.getRequestURI().getRawPath(), Map.of(),
                null, null));
        ConsoleSession s = signin.console(consoleCookie(ex));
        String url = Wire.xml(endpoint + target);
        if (s == null) {
            finish(call, 401, "NotSignedIn", "no console session");
            send(ex, 401, "text/html; charset=utf-8", ("<html><head><title>" + url + "</title></head><body>"
                    + "<p id=\"error\">Not signed in</p></body></html>").getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        finish(call, 200, null, null);
        send(ex, 200, "text/html; charset=utf-8", ("<html><head><title>" + url + "</title></head><body>"
                + "<h1>AWS Management Console (emulator)</h1><p id=\"principal\">" + Wire.xml(s.principalArn())
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8), null);
    }

    private static String consoleCookie(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(SigninApi.COOKIE + "=")) {
                    return p.substring(SigninApi.COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body, String requestId)
            throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        if (requestId != null) {
            ex.getResponseHeaders().add("x-amzn-RequestId", requestId);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
