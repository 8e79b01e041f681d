package dev.awsvault.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

class StsEmulatorTest {
    static final String USER = "alice";
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "aliceSecretKey/000000000000000000000000+";
    static final String MFA_CODE = "975310";
    static final String MFA = "arn:aws:iam::123456789012:mfa/alice";
    static final String ROLE = "arn:aws:iam::123456789012:role/Admin";
    static final String ROLE_12H = "arn:aws:iam::123456789012:role/LongAdmin";
    static final String ROLE_OTHER_ACCOUNT = "arn:aws:iam::210987654321:role/Deployer";

    AwsEmulator emu;
    StsClient alice;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start()
                .seedUser(USER, AKID, SECRET)
                .expectMfa(MFA, MFA_CODE)
                .defineRole(ROLE)
                .defineRole(RoleSpec.of(ROLE_12H).maxSessionDuration(Duration.ofHours(12)))
                .defineRole(ROLE_OTHER_ACCOUNT);
        alice = Sdk.sts(emu, Sdk.basic(AKID, SECRET));
    }

    @AfterEach
    void stop() {
        alice.close();
        emu.close();
    }

    private static AwsServiceException fails(Class<? extends AwsServiceException> type, Runnable call) {
        return assertThrows(type, call::run);
    }

    private static void assertAwsError(AwsServiceException e, int status, String code, String message) {
        assertEquals(status, e.statusCode(), e.toString());
        assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
        assertNotNull(e.requestId(), "the RequestId of the error XML reaches the SDK");
    }

    // ------------------------------------------------------------------------------------------------ happy paths

    @Test
    void getCallerIdentityForALongTermKey() {
        GetCallerIdentityResponse r = alice.getCallerIdentity();
        assertEquals("arn:aws:iam::123456789012:user/alice", r.arn());
        assertEquals("123456789012", r.account());
        assertTrue(r.userId().startsWith("AIDA"), r.userId());

        Call call = emu.calls().get(0);
        assertEquals("sts", call.service());
        assertEquals("GetCallerIdentity", call.action());
        assertEquals(AKID, call.accessKeyId());
        assertEquals("us-east-1", call.region());
        assertEquals(200, call.status());
        assertEquals(1, emu.callCount("GetCallerIdentity"));
    }

    @Test
    void signingRegionIsLogged() {
        try (StsClient sts = Sdk.sts(emu, Sdk.basic(AKID, SECRET), Region.EU_CENTRAL_1)) {
            sts.getCallerIdentity();
        }
        assertEquals("eu-central-1", emu.calls().get(0).region());
    }

    @Test
    void getSessionTokenIssuesWorkingTemporaryCredentials() {
        Instant before = emu.now();
        Credentials c = alice.getSessionToken(r -> r.durationSeconds(3600)).credentials();
        assertTrue(c.accessKeyId().startsWith("ASIA"));
        assertNotNull(c.sessionToken());
        long secs = Duration.between(before, c.expiration()).toSeconds();
        assertTrue(secs >= 3598 && secs <= 3601, "expires in 1h: " + secs);
        assertEquals("3600", emu.calls("GetSessionToken").get(0).param("DurationSeconds"));

        try (StsClient session = Sdk.sts(emu, Sdk.session(c))) {
            assertEquals("arn:aws:iam::123456789012:user/alice", session.getCallerIdentity().arn());
        }
        assertEquals(c.accessKeyId(), emu.calls("GetCallerIdentity").get(0).accessKeyId());
        KeyInfo k = emu.describeKey(c.accessKeyId()).orElseThrow();
        assertEquals("session", k.kind());
        assertEquals(AKID, k.issuedFrom());
        assertFalse(k.mfaAuthenticated());
    }

    @Test
    void getSessionTokenDefaultsTo12Hours() {
        Instant before = emu.now();
        Credentials c = alice.getSessionToken().credentials();
        long secs = Duration.between(before, c.expiration()).toSeconds();
        assertTrue(secs >= 43198 && secs <= 43201, "12h: " + secs);
        assertNull(emu.calls("GetSessionToken").get(0).param("DurationSeconds"));
    }

    @Test
    void getSessionTokenWithTheRightMfaCode() {
        Credentials c = alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode(MFA_CODE).durationSeconds(900))
                .credentials();
        assertTrue(emu.describeKey(c.accessKeyId()).orElseThrow().mfaAuthenticated());
        Call call = emu.calls("GetSessionToken").get(0);
        assertEquals(MFA, call.param("SerialNumber"));
        assertEquals(Call.MASK, call.param("TokenCode"), "the MFA code is masked in the log");
        assertTrue(call.secretMatches("TokenCode", MFA_CODE));
        assertFalse(call.secretMatches("TokenCode", "654321"));
        assertFalse(call.toString().contains(MFA_CODE), call.toString());
        assertFalse(call.params().containsValue(MFA_CODE));
    }

    @Test
    void wrongMfaCodeIsRefusedWithAwsMessage() {
        var e = fails(StsException.class, () -> alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode("000000")));
        assertAwsError(e, 403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertEquals("AccessDenied", emu.calls("GetSessionToken").get(0).errorCode());
    }

    @Test
    void unknownMfaSerialIsRefused() {
        var e = fails(StsException.class, () -> alice.getSessionToken(
                r -> r.serialNumber("arn:aws:iam::123456789012:mfa/nobody").tokenCode(MFA_CODE)));
        assertAwsError(e, 403, "AccessDenied", null);
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("MultiFactorAuthentication failed, unable to validate"));
    }

    @Test
    void malformedMfaCodeIsAValidationError() {
        var e = fails(StsException.class, () -> alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode("12345")));
        assertAwsError(e, 400, "ValidationError", null);
        assertFalse(e.awsErrorDetails().errorMessage().contains("12345"), "the code is not echoed");
    }

    @Test
    void mfaCodesCanBeMadeSingleUse() {
        emu.mfaCodesSingleUse(true);
        alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode(MFA_CODE));
        var e = fails(StsException.class, () -> alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode(MFA_CODE)));
        assertAwsError(e, 403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
        emu.expectMfa(MFA, "222222");
        alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode("222222"));
    }

    @Test
    void getSessionTokenWithTemporaryCredentialsIsRefused() {
        Credentials c = alice.getSessionToken().credentials();
        try (StsClient session = Sdk.sts(emu, Sdk.session(c))) {
            var e = fails(StsException.class, session::getSessionToken);
            assertAwsError(e, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials");
        }
        Credentials role = alice.assumeRole(r -> r.roleArn(ROLE).roleSessionName("s1")).credentials();
        try (StsClient session = Sdk.sts(emu, Sdk.session(role))) {
            var e = fails(StsException.class, session::getSessionToken);
            assertAwsError(e, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials");
        }
    }

    @Test
    void assumeRoleWithEveryParameter() {
        emu.defineRole(RoleSpec.of("arn:aws:iam::123456789012:role/Partner").requireExternalId("ext-1234")
                .requireMfa());
        AssumeRoleResponse r = alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Partner")
                .roleSessionName("1764340000000000000").durationSeconds(1800).externalId("ext-1234")
                .serialNumber(MFA).tokenCode(MFA_CODE)
                .tags(Tag.builder().key("team").value("blue").build(), Tag.builder().key("env").value("dev").build())
                .transitiveTagKeys("team").sourceIdentity("alice@example.com"));
        assertEquals("arn:aws:sts::123456789012:assumed-role/Partner/1764340000000000000", r.assumedRoleUser().arn());
        assertTrue(r.assumedRoleUser().assumedRoleId().startsWith("AROA"));
        assertTrue(r.assumedRoleUser().assumedRoleId().endsWith(":1764340000000000000"));
        assertEquals("alice@example.com", r.sourceIdentity());

        Call call = emu.calls("AssumeRole").get(0);
        Map<String, String> p = call.params();
        assertEquals("arn:aws:iam::123456789012:role/Partner", p.get("RoleArn"));
        assertEquals("1764340000000000000", p.get("RoleSessionName"));
        assertEquals("1800", p.get("DurationSeconds"));
        assertEquals("ext-1234", p.get("ExternalId"));
        assertEquals(MFA, p.get("SerialNumber"));
        assertEquals("team", p.get("Tags.member.1.Key"));
        assertEquals("blue", p.get("Tags.member.1.Value"));
        assertEquals("env", p.get("Tags.member.2.Key"));
        assertEquals("team", p.get("TransitiveTagKeys.member.1"));
        assertEquals("alice@example.com", p.get("SourceIdentity"));
        assertEquals(AKID, call.accessKeyId());

        KeyInfo k = emu.describeKey(r.credentials().accessKeyId()).orElseThrow();
        assertEquals("role", k.kind());
        assertTrue(k.mfaAuthenticated());
        assertEquals(Map.of("team", "blue", "env", "dev"), k.sessionTags());
        try (StsClient role = Sdk.sts(emu, Sdk.session(r.credentials()))) {
            assertEquals(r.assumedRoleUser().arn(), role.getCallerIdentity().arn());
        }
    }

    @Test
    void assumeRoleConditionsAreEnforced() {
        emu.defineRole(RoleSpec.of("arn:aws:iam::123456789012:role/Partner").requireExternalId("ext-1234"));
        emu.defineRole(RoleSpec.of("arn:aws:iam::123456789012:role/MfaOnly").requireMfa());
        String denied = "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on"
                + " resource: ";
        var e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Nope")
                .roleSessionName("s")));
        assertEquals(400, e.statusCode(), "session name of 1 char is a validation error first");
        e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Nope")
                .roleSessionName("s1")));
        assertAwsError(e, 403, "AccessDenied", denied + "arn:aws:iam::123456789012:role/Nope");
        e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Partner")
                .roleSessionName("s1").externalId("wrong-id")));
        assertAwsError(e, 403, "AccessDenied", denied + "arn:aws:iam::123456789012:role/Partner");
        e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/MfaOnly")
                .roleSessionName("s1")));
        assertAwsError(e, 403, "AccessDenied", denied + "arn:aws:iam::123456789012:role/MfaOnly");

        // chained MFA: a GetSessionToken session with MFA may assume the MFA-only role without a code
        Credentials mfaSession = alice.getSessionToken(r -> r.serialNumber(MFA).tokenCode(MFA_CODE)).credentials();
        try (StsClient s = Sdk.sts(emu, Sdk.session(mfaSession))) {
            AssumeRoleResponse r = s.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/MfaOnly")
                    .roleSessionName("chained"));
            assertTrue(emu.describeKey(r.credentials().accessKeyId()).orElseThrow().mfaAuthenticated());
            assertEquals(mfaSession.accessKeyId(), emu.calls("AssumeRole").get(4).accessKeyId());
        }
    }

    @Test
    void assumeRoleDurationRules() {
        Instant before = emu.now();
        Credentials oneHour = alice.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")).credentials();
        long secs = Duration.between(before, oneHour.expiration()).toSeconds();
        assertTrue(secs >= 3598 && secs <= 3601, "default 1h: " + secs);

        var e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")
                .durationSeconds(7200)));
        assertAwsError(e, 400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        e = fails(StsException.class, () -> alice.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")
                .durationSeconds(600)));
        assertAwsError(e, 400, "ValidationError", "1 validation error detected: Value '600' at 'durationSeconds'"
                + " failed to satisfy constraint: Member must have value greater than or equal to 900");

        // from long-term keys a 12h role may be assumed for 12h
        alice.assumeRole(b -> b.roleArn(ROLE_12H).roleSessionName("long").durationSeconds(43200));
    }

    @Test
    void chainedAssumeRoleLongerThanOneHourIsRefused() {
        Credentials first = alice.assumeRole(b -> b.roleArn(ROLE_12H).roleSessionName("first")).credentials();
        try (StsClient chained = Sdk.sts(emu, Sdk.session(first))) {
            var e = fails(StsException.class, () -> chained.assumeRole(b -> b.roleArn(ROLE_12H)
                    .roleSessionName("second").durationSeconds(3601)));
            assertAwsError(e, 400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit"
                    + " for roles assumed by role chaining.");
            AssumeRoleResponse ok = chained.assumeRole(b -> b.roleArn(ROLE_OTHER_ACCOUNT).roleSessionName("second")
                    .durationSeconds(3600));
            assertEquals("arn:aws:sts::210987654321:assumed-role/Deployer/second", ok.assumedRoleUser().arn());
            assertEquals(first.accessKeyId(), emu.describeKey(ok.credentials().accessKeyId()).orElseThrow().issuedFrom());
        }
        // a GetSessionToken session is not a role: no chaining limit
        Credentials session = alice.getSessionToken().credentials();
        try (StsClient s = Sdk.sts(emu, Sdk.session(session))) {
            s.assumeRole(b -> b.roleArn(ROLE_12H).roleSessionName("from-session").durationSeconds(7200));
        }
    }

    @Test
    void assumeRoleWithWebIdentityIsUnsigned() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.sig\n";
        emu.acceptWebIdentityToken(token, "system:serviceaccount:ns:app");
        try (StsClient anonymous = Sdk.anonymousSts(emu)) {
            AssumeRoleWithWebIdentityResponse r = anonymous.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE)
                    .roleSessionName("web").webIdentityToken(token).durationSeconds(900));
            assertEquals("system:serviceaccount:ns:app", r.subjectFromWebIdentityToken());
            assertEquals("arn:aws:sts::123456789012:assumed-role/Admin/web", r.assumedRoleUser().arn());
            Call call = emu.calls("AssumeRoleWithWebIdentity").get(0);
            assertNull(call.accessKeyId(), "unsigned");
            assertEquals(Call.MASK, call.param("WebIdentityToken"));
            assertTrue(call.secretMatches("WebIdentityToken", token), "sent verbatim, trailing newline included");

            var e = fails(InvalidIdentityTokenException.class, () -> anonymous.assumeRoleWithWebIdentity(
                    b -> b.roleArn(ROLE).roleSessionName("web").webIdentityToken(token.trim())));
            assertAwsError(e, 400, "InvalidIdentityToken", null);
            e = fails(StsException.class, () -> anonymous.assumeRoleWithWebIdentity(
                    b -> b.roleArn("arn:aws:iam::123456789012:role/Unknown").roleSessionName("web")
                            .webIdentityToken(token)));
            assertAwsError(e, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
            // web identity credentials are role credentials: chaining limit applies
            try (StsClient web = Sdk.sts(emu, Sdk.session(r.credentials()))) {
                e = fails(StsException.class, () -> web.assumeRole(b -> b.roleArn(ROLE_12H).roleSessionName("x1")
                        .durationSeconds(7200)));
                assertTrue(e.awsErrorDetails().errorMessage().contains("role chaining"));
            }
        }
    }

    @Test
    void getFederationToken() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        GetFederationTokenResponse r = alice.getFederationToken(b -> b.name("alice").policy(policy).durationSeconds(3600));
        assertEquals("arn:aws:sts::123456789012:federated-user/alice", r.federatedUser().arn());
        assertEquals("123456789012:alice", r.federatedUser().federatedUserId());
        assertEquals(policy, emu.calls("GetFederationToken").get(0).param("Policy"));
        try (StsClient fed = Sdk.sts(emu, Sdk.session(r.credentials()))) {
            assertEquals(r.federatedUser().arn(), fed.getCallerIdentity().arn());
            var e = fails(StsException.class, () -> fed.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")));
            assertAwsError(e, 403, "AccessDenied", null);
        }
        var e = fails(StsException.class, () -> alice.getFederationToken(b -> b.name("a-name-that-is-longer-than-32-chars")));
        assertAwsError(e, 400, "ValidationError", null);
        Credentials session = alice.getSessionToken().credentials();
        try (StsClient s = Sdk.sts(emu, Sdk.session(session))) {
            e = fails(StsException.class, () -> s.getFederationToken(b -> b.name("alice")));
            assertAwsError(e, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials");
        }
    }

    // ------------------------------------------------------------------------------------------- signature rules

    @Test
    void wrongSecretFailsTheSignature() {
        try (StsClient bad = Sdk.sts(emu, Sdk.basic(AKID, SECRET.replace('a', 'b')))) {
            var e = fails(StsException.class, bad::getCallerIdentity);
            assertAwsError(e, 403, "SignatureDoesNotMatch", null);
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("The request signature we calculated does not match"));
        }
        Call call = emu.calls().get(0);
        assertEquals(AKID, call.accessKeyId(), "the log says which key claimed to sign");
        assertEquals("SignatureDoesNotMatch", call.errorCode());
        assertFalse(call.ok());
    }

    @Test
    void unknownAccessKeyIsAnInvalidClientTokenId() {
        try (StsClient bad = Sdk.sts(emu, Sdk.basic("AKIANOBODY0000000001", SECRET))) {
            assertAwsError(fails(StsException.class, bad::getCallerIdentity), 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void sessionTokenMustMatchTheKeyItWasIssuedWith() {
        Credentials a = alice.getSessionToken().credentials();
        Credentials b = alice.getSessionToken().credentials();
        try (StsClient mixed = Sdk.sts(emu, Sdk.session(a.accessKeyId(), a.secretAccessKey(), b.sessionToken()))) {
            assertAwsError(fails(StsException.class, mixed::getCallerIdentity), 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
        try (StsClient noToken = Sdk.sts(emu, Sdk.basic(a.accessKeyId(), a.secretAccessKey()))) {
            assertAwsError(fails(StsException.class, noToken::getCallerIdentity), 403, "InvalidClientTokenId", null);
        }
        try (StsClient longTermWithToken = Sdk.sts(emu, Sdk.session(AKID, SECRET, a.sessionToken()))) {
            assertAwsError(fails(StsException.class, longTermWithToken::getCallerIdentity), 403,
                    "InvalidClientTokenId", null);
        }
    }

    @Test
    void expiredCredentialsAreRefused() {
        Credentials c = alice.getSessionToken(r -> r.durationSeconds(900)).credentials();
        try (StsClient s = Sdk.sts(emu, Sdk.session(c))) {
            s.getCallerIdentity();
            emu.advance(Duration.ofMinutes(14));
            s.getCallerIdentity();
            emu.advance(Duration.ofMinutes(1).plusSeconds(1));
            // AWS answers code ExpiredToken; the SDK's modeled ExpiredTokenException is for expired web identity tokens
            var e = fails(StsException.class, s::getCallerIdentity);
            assertFalse(e instanceof ExpiredTokenException);
            assertAwsError(e, 403, "ExpiredToken", "The security token included in the request is expired");
        }
        alice.getCallerIdentity(); // long-term keys do not expire
    }

    @Test
    void unsignedCallsToSignedActionsAreRefused() {
        try (StsClient anonymous = Sdk.anonymousSts(emu)) {
            assertAwsError(fails(StsException.class, anonymous::getCallerIdentity), 403, "MissingAuthenticationToken",
                    "Request is missing Authentication Token");
        }
    }

    // ----------------------------------------------------------------------------------------- faults, concurrency

    @Test
    void failNextAnswersOnceWithTheInjectedError() {
        emu.failNext("GetSessionToken", "Throttling", 400, "Rate exceeded");
        var e = fails(StsException.class, alice::getSessionToken);
        assertAwsError(e, 400, "Throttling", "Rate exceeded");
        assertNotNull(alice.getSessionToken().credentials());
        emu.failNext("GetCallerIdentity", "InternalFailure", 500);
        assertEquals(500, fails(StsException.class, alice::getCallerIdentity).statusCode());
        assertEquals(List.of(400, 200), emu.calls("GetSessionToken").stream().map(Call::status).toList());
    }

    @Test
    void hangNeverAnswersUntilReleased() throws Exception {
        emu.hang("GetSessionToken");
        try (StsClient impatient = StsClient.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.basic(AKID, SECRET)).httpClient(Sdk.HTTP)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(800))
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build()) {
            long t0 = System.nanoTime();
            assertThrows(ApiCallTimeoutException.class, impatient::getSessionToken);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5000, "bounded: " + ms + " ms");
            alice.getCallerIdentity(); // other actions are not held
            assertEquals(0, emu.calls("GetSessionToken").get(0).status(), "still held");
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Credentials> held = pool.submit(() -> alice.getSessionToken().credentials());
            long deadline = System.currentTimeMillis() + 5000;
            while (emu.callCount("GetSessionToken") < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(held.isDone());
            emu.release();
            assertNotNull(held.get(10, TimeUnit.SECONDS).accessKeyId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeDropsHeldCalls() throws Exception {
        emu.hang("GetCallerIdentity");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> held = pool.submit(() -> alice.getCallerIdentity());
            long deadline = System.currentTimeMillis() + 5000;
            while (emu.callCount("GetCallerIdentity") < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            emu.close();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> held.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SdkClientException, e.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCallsAreAllServedAndLogged() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Credentials>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> alice.getSessionToken().credentials()));
            }
            Set<String> keys = new HashSet<>();
            for (Future<Credentials> f : futures) {
                keys.add(f.get(30, TimeUnit.SECONDS).accessKeyId());
            }
            assertEquals(40, keys.size());
            assertEquals(40, emu.callCount("GetSessionToken"));
            assertTrue(emu.calls().stream().allMatch(Call::ok));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysIssuedAreDistinctFromEachOther() {
        Credentials a = alice.getSessionToken().credentials();
        Credentials b = alice.getSessionToken().credentials();
        assertNotEquals(a.accessKeyId(), b.accessKeyId());
        assertNotEquals(a.secretAccessKey(), b.secretAccessKey());
        assertNotEquals(a.sessionToken(), b.sessionToken());
    }
}
