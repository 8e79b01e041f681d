package dev.awsvault.testing.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request the emulator received, in arrival order. Secret-like parameters (MFA codes, tokens, client secrets,
 * PKCE verifiers, codes) are logged as {@value #MASK}; {@link #secretMatches} tells whether such a parameter had a
 * given value without keeping it. Status and error code are filled in when the answer is sent (a call that is still
 * held by {@link AwsEmulator#hang} has status 0).
 */
public final class Call {
    /** What a masked parameter reads as. */
    public static final String MASK = "****";

    static final Set<String> SECRET_PARAMS = Set.of("tokencode", "webidentitytoken", "clientsecret", "devicecode",
            "code", "codeverifier", "refreshtoken", "accesstoken", "samlassertion", "session", "signintoken");

    private final Instant time;
    private final String service;
    private final String action;
    private final String method;
    private final String path;
    private final Map<String, String> params;
    private final Map<String, String> secretHashes;
    private final String accessKeyId;
    private final String region;
    private volatile int status;
    private volatile String errorCode;
    private volatile String errorMessage;

    Call(Instant time, String service, String action, String method, String path, Map<String, String> rawParams,
         String accessKeyId, String region) {
        this.time = time;
        this.service = service;
        this.action = action;
        this.method = method;
        this.path = path;
        Map<String, String> masked = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        rawParams.forEach((k, v) -> {
            if (SECRET_PARAMS.contains(k.toLowerCase(Locale.ROOT))) {
                masked.put(k, MASK);
                hashes.put(k, Wire.sha256Hex(v.getBytes(StandardCharsets.UTF_8)));
            } else {
                masked.put(k, v);
            }
        });
        this.params = Collections.unmodifiableMap(masked);
        this.secretHashes = Collections.unmodifiableMap(hashes);
        this.accessKeyId = accessKeyId;
        this.region = region;
    }

    void finish(int status, String errorCode, String errorMessage) {
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.status = status;
    }

    /** Emulator-clock time of arrival. */
    public Instant time() {
        return time;
    }

    /**
     * {@code sts}, {@code iam}, {@code sso}, {@code sso-oidc}, {@code signin} (the federation endpoint: actions
     * {@code getSigninToken}, {@code login}, {@code logout}), {@code console} (the stand-in console page), or
     * {@code unknown}.
     */
    public String service() {
        return service;
    }

    /** The API action: {@code AssumeRole}, {@code GetRoleCredentials}, {@code CreateToken}, ... */
    public String action() {
        return action;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** Request parameters (query/form for STS and IAM, JSON members or query for SSO/OIDC), secrets masked. */
    public Map<String, String> params() {
        return params;
    }

    /** One parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** Whether the masked parameter {@code name} was exactly {@code value}. */
    public boolean secretMatches(String name, String value) {
        String h = secretHashes.get(name);
        return h != null && value != null && h.equals(Wire.sha256Hex(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The access key id from the request's SigV4 Authorization header (null for unsigned calls); for
     * {@code getSigninToken}, the {@code sessionId} of its {@code Session} parameter.
     */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The signing region from the credential scope (null for unsigned calls). */
    public String region() {
        return region;
    }

    /** HTTP status answered (0 while the call is held). */
    public int status() {
        return status;
    }

    /** True for a 2xx answer. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The AWS error code answered, or null. */
    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    @Override
    public String toString() {
        return service + ":" + action + " " + params + (accessKeyId == null ? " (unsigned)" : " signed by " + accessKeyId)
                + " -> " + status + (errorCode == null ? "" : " " + errorCode);
    }
}
