package dev.awsvault.sources.assumerole;

import dev.awsvault.testing.source.TestRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.KeyInfo;
import dev.awsvault.testing.aws.RoleSpec;

class AssumeRoleSourceTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice";
    static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    static final String LONG = "arn:aws:iam::123456789012:role/Long";
    static final String GUARDED = "arn:aws:iam::123456789012:role/Guarded";

    final AssumeRoleSource source = new AssumeRoleSource();
    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).expectMfa(SERIAL, "975310")
                .defineRole(ADMIN)
                .defineRole(RoleSpec.of(LONG).maxSessionDuration(Duration.ofHours(12)))
                .defineRole(RoleSpec.of(GUARDED).maxSessionDuration(Duration.ofHours(12)).requireExternalId("ext-42")
                        .requireMfa());
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    TestRequest request(String roleArn) {
        return new TestRequest(emu.endpoint()).upstream(AwsCredentials.of(AKID, SECRET)).set("role_arn", roleArn);
    }

    AwsCredentials retrieve(TestRequest r) throws CredentialSourceException {
        return source.providerFor(r).orElseThrow().retrieve();
    }

    @Test
    void appliesOnlyWithUpstreamAndRoleArn() {
        assertEquals("sts.AssumeRole", source.name());
        TestRequest r = request(ADMIN);
        r.upstream = null;
        assertTrue(source.providerFor(r).isEmpty());
        assertTrue(source.providerFor(request("")).isEmpty());
        TestRequest noRole = request(ADMIN);
        noRole.values.remove("role_arn");
        assertTrue(source.providerFor(noRole).isEmpty());
        assertEquals(0, emu.calls().size());
    }

    @Test
    void allParameters() throws Exception {
        TestRequest r = request(GUARDED).set("role_session_name", "alice-session").set("external_id", "ext-42")
                .set("session_tags", "Team = core, Env=prod").set("transitive_session_tags", "Team, ")
                .set("source_identity", "alice").set("mfa_serial", SERIAL);
        r.mfaCode = "975310";
        r.duration = Duration.ofHours(2);
        AwsCredentials c = retrieve(r);

        Call call = emu.calls("AssumeRole").get(0);
        assertTrue(call.ok(), call.toString());
        assertEquals(AKID, call.accessKeyId());
        assertEquals(GUARDED, call.param("RoleArn"));
        assertEquals("alice-session", call.param("RoleSessionName"));
        assertEquals("7200", call.param("DurationSeconds"));
        assertEquals("ext-42", call.param("ExternalId"));
        assertEquals("Team", call.param("Tags.member.1.Key"));
        assertEquals("core", call.param("Tags.member.1.Value"));
        assertEquals("Env", call.param("Tags.member.2.Key"));
        assertEquals("prod", call.param("Tags.member.2.Value"));
        assertEquals("Team", call.param("TransitiveTagKeys.member.1"));
        assertNull(call.param("TransitiveTagKeys.member.2"));
        assertEquals("alice", call.param("SourceIdentity"));
        assertEquals(SERIAL, call.param("SerialNumber"));
        assertTrue(call.secretMatches("TokenCode", "975310"));
        assertEquals(List.of(SERIAL), r.mfaAsked);

        KeyInfo k = emu.describeKey(c.accessKeyId()).orElseThrow();
        assertEquals("role", k.kind());
        assertEquals(Map.of("Team", "core", "Env", "prod"), k.sessionTags());
        assertEquals("alice", k.sourceIdentity());
        assertTrue(k.mfaAuthenticated());
        assertEquals(AKID, k.issuedFrom());
        assertTrue(c.sessionToken().isPresent());
        assertTrue(Math.abs(Duration.between(emu.now().plus(Duration.ofHours(2)), c.expiration().orElseThrow())
                .toSeconds()) < 60);
    }

    @Test
    void minimalCallAndDefaultSessionName() throws Exception {
        long before = Instant.now().getEpochSecond();
        retrieve(request(ADMIN).set("external_id", "").set("mfa_serial", ""));
        Call call = emu.calls("AssumeRole").get(0);
        String name = call.param("RoleSessionName");
        assertTrue(name.matches("\\d{19}"), name);
        long seconds = Long.parseLong(name) / 1_000_000_000L;
        assertTrue(seconds >= before && seconds <= Instant.now().getEpochSecond(), name);
        assertEquals("3600", call.param("DurationSeconds"));
        for (String p : List.of("ExternalId", "SerialNumber", "TokenCode", "Tags.member.1.Key",
                "TransitiveTagKeys.member.1", "SourceIdentity")) {
            assertNull(call.param(p), p);
        }
    }

    @Test
    void chainedRoleOverOneHourIsRefusedWithAHint() throws Exception {
        AwsCredentials role = retrieve(request(ADMIN));
        TestRequest r = new TestRequest(emu.endpoint()).upstream(role).set("role_arn", LONG);
        r.duration = Duration.ofHours(2);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: AssumeRole, https response error StatusCode: 400"), m);
        assertTrue(m.contains("api error ValidationError: The requested DurationSeconds exceeds the 1 hour session"
                + " limit for roles assumed by role chaining."), m);
        assertTrue(m.endsWith("(role chaining is limited to 1h by AWS; set duration_seconds / --duration to 1h or"
                + " less for profiles assumed from another role)"), m);
        assertFalse(m.contains(role.secretAccessKey()) || m.contains(role.sessionToken().orElseThrow()), m);
        assertEquals(role.accessKeyId(), emu.calls("AssumeRole").get(1).accessKeyId());

        r.duration = Duration.ofHours(1);
        AwsCredentials chained = retrieve(r);
        assertEquals(role.accessKeyId(), emu.describeKey(chained.accessKeyId()).orElseThrow().issuedFrom());
    }

    @Test
    void overLongFromLongTermKeysGetsNoChainingHint() {
        TestRequest r = request(ADMIN);
        r.duration = Duration.ofHours(2);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        assertTrue(e.getMessage().endsWith("exceeds the MaxSessionDuration set for this role."), e.getMessage());
    }

    @Test
    void wrongMfaCodeAndExternalIdPassAwsMessagesThrough() {
        TestRequest r = request(GUARDED).set("external_id", "ext-42").set("mfa_serial", SERIAL);
        r.mfaCode = "111111";
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        assertTrue(e.getMessage().endsWith("api error AccessDenied: MultiFactorAuthentication failed with invalid MFA"
                + " one time pass code."), e.getMessage());

        TestRequest wrongExt = request(GUARDED).set("external_id", "other").set("mfa_serial", SERIAL);
        wrongExt.mfaCode = "975310";
        e = assertThrows(CredentialSourceException.class, () -> retrieve(wrongExt));
        assertTrue(e.getMessage().contains("api error AccessDenied: User: "), e.getMessage());
        assertTrue(e.getMessage().contains("is not authorized to perform: sts:AssumeRole on resource: " + GUARDED),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void malformedSessionTagsFailBeforeAnyCall() {
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> retrieve(request(ADMIN).set("session_tags", "Team=core,oops")));
        assertEquals("invalid session_tags entry \"oops\": expected key=value", e.getMessage());
        assertEquals(0, emu.calls().size());
        assertEquals(List.of("a", "b"), AssumeRoleSource.keys(" a ,,b,"));
    }

    @Test
    void hangingEndpointFailsWithinAboutTenSeconds() {
        emu.hang("AssumeRole");
        long t0 = System.nanoTime();
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(request(ADMIN)));
        long s = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        assertTrue(s <= 11, "took " + s + " s");
        assertEquals("operation error STS: AssumeRole, request to " + emu.endpoint()
                + " timed out: no answer from the endpoint", e.getMessage());
        emu.release();
    }
}
