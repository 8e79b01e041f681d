package dev.awsvault.sources.sessiontoken;

import dev.awsvault.testing.source.TestRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.aws.KeyInfo;

class SessionTokenSourceTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice";

    final SessionTokenSource source = new SessionTokenSource();
    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).expectMfa(SERIAL, "975310");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    TestRequest request() {
        return new TestRequest(emu.endpoint()).upstream(AwsCredentials.of(AKID, SECRET));
    }

    @Test
    void nameAndWrapperOnly() {
        assertEquals("sts.GetSessionToken", source.name());
        TestRequest r = request();
        r.upstream = null;
        assertTrue(source.providerFor(r).isEmpty());
        assertEquals(0, emu.calls().size());
    }

    @Test
    void withoutMfa() throws Exception {
        TestRequest r = request();
        AwsCredentials c = source.providerFor(r).orElseThrow().retrieve();
        Call call = emu.calls("GetSessionToken").get(0);
        assertEquals(AKID, call.accessKeyId());
        assertEquals("3600", call.param("DurationSeconds"));
        assertNull(call.param("SerialNumber"));
        assertNull(call.param("TokenCode"));
        assertTrue(r.mfaAsked.isEmpty());
        assertTrue(c.sessionToken().isPresent());
        assertTrue(c.canExpire());
        Instant exp = c.expiration().orElseThrow();
        assertTrue(Math.abs(Duration.between(emu.now().plusSeconds(3600), exp).toSeconds()) < 60, exp.toString());
        KeyInfo k = emu.describeKey(c.accessKeyId()).orElseThrow();
        assertFalse(k.mfaAuthenticated());
    }

    @Test
    void withMfaAndTheChainedDuration() throws Exception {
        TestRequest r = request().set("mfa_serial", SERIAL);
        r.duration = Duration.ofHours(8);
        r.mfaCode = "975310";
        AwsCredentials c = source.providerFor(r).orElseThrow().retrieve();
        Call call = emu.calls("GetSessionToken").get(0);
        assertEquals(SERIAL, call.param("SerialNumber"));
        assertTrue(call.secretMatches("TokenCode", "975310"));
        assertEquals("28800", call.param("DurationSeconds"));
        assertEquals(List.of(SERIAL), r.mfaAsked);
        assertTrue(emu.describeKey(c.accessKeyId()).orElseThrow().mfaAuthenticated());
    }

    @Test
    void emptyMfaSerialMeansNoMfa() throws Exception {
        TestRequest r = request().set("mfa_serial", "");
        source.providerFor(r).orElseThrow().retrieve();
        assertNull(emu.calls("GetSessionToken").get(0).param("SerialNumber"));
        assertTrue(r.mfaAsked.isEmpty());
    }

    @Test
    void wrongMfaCodePassesAwsMessageThrough() {
        TestRequest r = request().set("mfa_serial", SERIAL);
        r.mfaCode = "123456";
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> source.providerFor(r).orElseThrow().retrieve());
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: GetSessionToken, https response error StatusCode: 403"), m);
        assertTrue(m.endsWith("api error AccessDenied: MultiFactorAuthentication failed with invalid MFA one time"
                + " pass code."), m);
        assertFalse(m.contains("\n") || m.contains(SECRET) || m.contains("123456"), m);
    }

    @Test
    void sessionCredentialsAreRefusedByAws() throws Exception {
        AwsCredentials session = source.providerFor(request()).orElseThrow().retrieve();
        TestRequest r = new TestRequest(emu.endpoint()).upstream(session);
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> source.providerFor(r).orElseThrow().retrieve());
        assertTrue(e.getMessage().endsWith("api error AccessDenied: Cannot call GetSessionToken with session"
                + " credentials"), e.getMessage());
        assertEquals(session.accessKeyId(), emu.calls("GetSessionToken").get(1).accessKeyId());
        assertFalse(e.getMessage().contains(session.secretAccessKey()));
        assertFalse(e.getMessage().contains(session.sessionToken().orElseThrow()));
    }

    @Test
    void upstreamErrorsPassThroughAndNothingIsCalled() {
        CredentialSourceException boom = new CredentialSourceException("keyring locked");
        TestRequest r = request();
        r.upstream = () -> {
            throw boom;
        };
        assertSame(boom, assertThrows(CredentialSourceException.class,
                () -> source.providerFor(r).orElseThrow().retrieve()));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void noRegion() {
        TestRequest r = request();
        r.aws = new TestRequest.Settings(null, emu.endpoint(), 2);
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> source.providerFor(r).orElseThrow().retrieve());
        assertEquals("failed to resolve service endpoint, an AWS region is required, but was not found",
                e.getMessage());
    }

    @Test
    void unreachableEndpoint() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        TestRequest r = request();
        r.aws = new TestRequest.Settings("eu-west-1", closed, 2);
        long t0 = System.nanoTime();
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> source.providerFor(r).orElseThrow().retrieve());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        assertEquals("operation error STS: GetSessionToken, request send failed to " + closed
                + ": connection refused or unreachable", e.getMessage());
    }
}
