package dev.awsvault.sources.federationtoken;

import dev.awsvault.testing.source.TestRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.awsvault.sources.aws.AwsClients;
import software.amazon.awssdk.services.sts.model.Credentials;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;

class FederationTokenSourceTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";
    static final String POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    final FederationTokenSource source = new FederationTokenSource();
    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    TestRequest request() {
        return new TestRequest(emu.endpoint()).upstream(AwsCredentials.of(AKID, SECRET));
    }

    AwsCredentials retrieve(TestRequest r) throws CredentialSourceException {
        return source.providerFor(r).orElseThrow().retrieve();
    }

    @Test
    void nameAndWrapperOnly() {
        assertEquals("sts.GetFederationToken", source.name());
        TestRequest r = request();
        r.upstream = null;
        assertTrue(source.providerFor(r).isEmpty());
        assertEquals(0, emu.calls().size());
    }

    @Test
    void namePolicyAndDurationSignedByTheUpstreamKey() throws Exception {
        AwsCredentials c = retrieve(request());
        List<Call> calls = emu.calls();
        assertEquals(List.of("GetCallerIdentity", "GetFederationToken"), calls.stream().map(Call::action).toList());
        assertEquals(AKID, calls.get(0).accessKeyId());
        Call call = emu.calls("GetFederationToken").get(0);
        assertTrue(call.ok(), call.toString());
        assertEquals("sts", call.service());
        assertEquals(AKID, call.accessKeyId());
        assertEquals("eu-west-1", call.region());
        assertEquals("alice", call.param("Name"));
        assertEquals(POLICY, call.param("Policy"));
        assertEquals("3600", call.param("DurationSeconds"));
        assertTrue(c.sessionToken().isPresent());
        assertTrue(c.canExpire());
        Instant exp = c.expiration().orElseThrow();
        assertTrue(Math.abs(Duration.between(emu.now().plusSeconds(3600), exp).toSeconds()) < 60, exp.toString());
        assertTrue(emu.describeKey(c.accessKeyId()).isPresent());
        // the new credentials are the federated user's
        TestRequest again = new TestRequest(emu.endpoint()).upstream(c);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(again));
        assertEquals("GetFederationToken needs the credentials of an IAM user, but these are for"
                + " arn:aws:sts::" + arnAccount() + ":federated-user/alice", e.getMessage());
        assertEquals(1, emu.callCount("GetFederationToken"));
    }

    private String arnAccount() {
        return AwsEmulator.ACCOUNT;
    }

    @Test
    void theCoresDurationIsSent() throws Exception {
        TestRequest r = request();
        r.duration = Duration.ofHours(12);
        AwsCredentials c = retrieve(r);
        assertEquals("43200", emu.calls("GetFederationToken").get(0).param("DurationSeconds"));
        Instant exp = c.expiration().orElseThrow();
        assertTrue(Math.abs(Duration.between(emu.now().plusSeconds(43200), exp).toSeconds()) < 60, exp.toString());
    }

    @Test
    void longUserNamesAreTruncatedTo32Characters() throws Exception {
        String longName = "a-very-long-iam-user-name-of-40-chars.xy";
        assertEquals(40, longName.length());
        emu.seedUser(longName, "AKIALONG000000000001", "canary-SECRET-long-0001");
        TestRequest r = new TestRequest(emu.endpoint())
                .upstream(AwsCredentials.of("AKIALONG000000000001", "canary-SECRET-long-0001"));
        retrieve(r);
        Call call = emu.calls("GetFederationToken").get(0);
        assertTrue(call.ok(), call.toString());
        assertEquals(longName.substring(0, 32), call.param("Name"));
        assertEquals("AKIALONG000000000001", call.accessKeyId());
    }

    @Test
    void exactly32CharactersAreKept() throws Exception {
        String name = "abcdefghijklmnopqrstuvwxyz012345";
        assertEquals(32, name.length());
        emu.seedUser(name, "AKIATHIRTYTWO0000001", "canary-SECRET-32-0001");
        retrieve(new TestRequest(emu.endpoint())
                .upstream(AwsCredentials.of("AKIATHIRTYTWO0000001", "canary-SECRET-32-0001")));
        assertEquals(name, emu.calls("GetFederationToken").get(0).param("Name"));
    }

    @Test
    void userNameFromArn() throws Exception {
        assertEquals("alice", FederationTokenSource.userName("arn:aws:iam::123456789012:user/alice"));
        assertEquals("bob", FederationTokenSource.userName("arn:aws:iam::123456789012:user/dev/team/bob"));
        assertEquals("carol", FederationTokenSource.userName("arn:aws-cn:iam::123456789012:user/carol"));
        for (String arn : new String[] {"arn:aws:iam::123456789012:root",
                "arn:aws:sts::123456789012:assumed-role/admin/session",
                "arn:aws:sts::123456789012:federated-user/alice", "arn:aws:iam::123456789012:user/", "nonsense"}) {
            CredentialSourceException e = assertThrows(CredentialSourceException.class,
                    () -> FederationTokenSource.userName(arn));
            assertTrue(e.getMessage().endsWith(" for " + arn), e.getMessage());
        }
        assertEquals("x".repeat(32), FederationTokenSource.federatedName("x".repeat(64)));
        assertEquals("ab", FederationTokenSource.federatedName("ab"));
    }

    @Test
    void sessionCredentialsAreRefusedByAwsAsOneLineWithoutSecrets() throws Exception {
        TestRequest base = request();
        Credentials st = AwsClients.callSts(base.aws(), AwsCredentials.of(AKID, SECRET), "GetSessionToken",
                sts -> sts.getSessionToken().credentials());
        AwsCredentials session = AwsCredentials.of(st.accessKeyId(), st.secretAccessKey(), st.sessionToken(),
                st.expiration());
        TestRequest r = new TestRequest(emu.endpoint()).upstream(session);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: GetFederationToken, https response error StatusCode: 403"), m);
        assertTrue(m.endsWith("api error AccessDenied: Cannot call GetFederationToken with session credentials"), m);
        assertEquals(session.accessKeyId(), emu.calls("GetFederationToken").get(0).accessKeyId());
        assertFalse(m.contains("\n") || m.contains(SECRET), m);
        assertFalse(m.contains(session.secretAccessKey()) || m.contains(session.sessionToken().orElseThrow()), m);
    }

    @Test
    void multiLineAwsErrorsBecomeOneLine() {
        emu.failNext("GetFederationToken", "InternalFailure", 500, "something\nwent   wrong\r\nthere");
        TestRequest r = request();
        r.aws = new TestRequest.Settings("eu-west-1", emu.endpoint(), 1);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: GetFederationToken, https response error StatusCode: 500"), m);
        assertTrue(m.endsWith("api error InternalFailure: something went wrong there"), m);
        assertFalse(m.contains("\n") || m.contains("\r") || m.contains(SECRET), m);
    }

    @Test
    void callerIdentityErrorsPassThroughAndNoTokenIsAskedFor() {
        emu.failNext("GetCallerIdentity", "InvalidClientTokenId", 403,
                "The security token included in the request is invalid.");
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(request()));
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: GetCallerIdentity, https response error StatusCode: 403"), m);
        assertTrue(m.endsWith("api error InvalidClientTokenId: The security token included in the request is"
                + " invalid."), m);
        assertFalse(m.contains(SECRET), m);
        assertEquals(0, emu.callCount("GetFederationToken"));
    }

    @Test
    void upstreamErrorsPassThroughAndNothingIsCalled() {
        CredentialSourceException boom = new CredentialSourceException("keyring locked");
        TestRequest r = request();
        r.upstream = () -> {
            throw boom;
        };
        assertSame(boom, assertThrows(CredentialSourceException.class, () -> retrieve(r)));
        assertEquals(0, emu.calls().size());
    }

    @Test
    void noRegion() {
        TestRequest r = request();
        r.aws = new TestRequest.Settings(null, emu.endpoint(), 2);
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        assertEquals("failed to resolve service endpoint, an AWS region is required, but was not found",
                e.getMessage());
        assertEquals(0, emu.calls().size());
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
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> retrieve(r));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        assertEquals("operation error STS: GetCallerIdentity, request send failed to " + closed
                + ": connection refused or unreachable", e.getMessage());
    }
}
