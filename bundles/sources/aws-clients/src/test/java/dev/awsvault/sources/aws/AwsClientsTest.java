package dev.awsvault.sources.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.Credentials;

class AwsClientsTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";

    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void noRegionIsTheOriginalsError() {
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> AwsClients.stsTarget(TestSettings.at(null).region(null)));
        assertEquals("failed to resolve service endpoint, an AWS region is required, but was not found", e.getMessage());
        assertThrows(CredentialSourceException.class, () -> AwsClients.stsTarget(TestSettings.at(null).region(" ")));
    }

    @Test
    void endpoints() throws Exception {
        TestSettings none = TestSettings.at(null);
        assertEquals(URI.create("https://sts.eu-west-1.amazonaws.com"), AwsClients.stsTarget(none).endpoint());
        assertEquals(Region.EU_WEST_1, AwsClients.stsTarget(none).signingRegion());
        assertEquals(URI.create("https://sts.cn-north-1.amazonaws.com.cn"),
                AwsClients.stsTarget(none.region("cn-north-1")).endpoint());

        AwsClients.StsTarget legacy = AwsClients.stsTarget(none.legacyGlobal(true));
        assertEquals(URI.create("https://sts.amazonaws.com"), legacy.endpoint());
        assertEquals(Region.US_EAST_1, legacy.signingRegion());
        assertEquals(URI.create("https://sts.ap-east-1.amazonaws.com"),
                AwsClients.stsTarget(none.legacyGlobal(true).region("ap-east-1")).endpoint());
        assertEquals(16, AwsClients.LEGACY_STS_REGIONS.size());
        assertEquals(URI.create("https://sts.amazonaws.com"), AwsClients.stsTarget(none.region("aws-global")).endpoint());

        // an override wins over legacy
        URI override = URI.create("http://127.0.0.1:9");
        AwsClients.StsTarget o = AwsClients.stsTarget(TestSettings.at(override).legacyGlobal(true));
        assertEquals(override, o.endpoint());
        assertEquals(Region.EU_WEST_1, o.signingRegion());
    }

    @Test
    void signsWithTheGivenKeysAndSessionTokens() throws Exception {
        TestSettings s = TestSettings.at(emu.endpoint());
        Credentials session = AwsClients.callSts(s, AwsCredentials.of(AKID, SECRET), "GetSessionToken",
                c -> c.getSessionToken(r -> r.durationSeconds(3600)).credentials());
        String arn = AwsClients.callSts(s, AwsCredentials.of(session.accessKeyId(), session.secretAccessKey(),
                session.sessionToken(), session.expiration()), "GetCallerIdentity", c -> c.getCallerIdentity().arn());
        assertTrue(arn.endsWith(":user/alice"), arn);
        assertEquals(AKID, emu.calls("GetSessionToken").get(0).accessKeyId());
        Call who = emu.calls("GetCallerIdentity").get(0);
        assertEquals(session.accessKeyId(), who.accessKeyId());
        assertEquals("eu-west-1", who.region());
    }

    @Test
    void awsErrorsAreOneLineInTheGoShape() {
        TestSettings s = TestSettings.at(emu.endpoint());
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> AwsClients.callSts(s, null,
                "GetCallerIdentity", c -> c.getCallerIdentity()));
        String m = e.getMessage();
        assertTrue(m.startsWith("operation error STS: GetCallerIdentity, https response error StatusCode: 403"), m);
        assertTrue(m.contains("api error MissingAuthenticationToken: "), m);
        assertFalse(m.contains("\n"), m);

        emu.failNext("GetCallerIdentity", "AccessDenied", 403, "nope");
        e = assertThrows(CredentialSourceException.class, () -> AwsClients.callSts(s, AwsCredentials.of(AKID, SECRET),
                "GetCallerIdentity", c -> c.getCallerIdentity()));
        assertTrue(e.getMessage().endsWith("api error AccessDenied: nope"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));

        e = assertThrows(CredentialSourceException.class, () -> AwsClients.callSts(s,
                AwsCredentials.of(AKID, "wrong-" + SECRET), "GetCallerIdentity", c -> c.getCallerIdentity()));
        assertTrue(e.getMessage().contains("api error SignatureDoesNotMatch"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void refusedConnectionFailsFastOnOneLine() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        long t0 = System.nanoTime();
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> AwsClients.callSts(
                TestSettings.at(closed), AwsCredentials.of(AKID, SECRET), "GetSessionToken",
                c -> c.getSessionToken()));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        assertEquals("operation error STS: GetSessionToken, request send failed to " + closed
                + ": connection refused or unreachable", e.getMessage());
    }

    @Test
    void hangingEndpointFailsWithinTenSeconds() {
        emu.hang("GetSessionToken");
        long t0 = System.nanoTime();
        CredentialSourceException e = assertThrows(CredentialSourceException.class, () -> AwsClients.callSts(
                TestSettings.at(emu.endpoint()), AwsCredentials.of(AKID, SECRET), "GetSessionToken",
                c -> c.getSessionToken()));
        long s = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        assertTrue(s <= 11, "took " + s + " s");
        assertEquals("operation error STS: GetSessionToken, request to " + emu.endpoint()
                + " timed out: no answer from the endpoint", e.getMessage());
        emu.release();
    }

    @Test
    void theSdkReadsNoProfileFileAndNoConfiguredEndpoint(@TempDir Path dir) throws IOException, Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[default]\nregion = nowhere-1\nendpoint_url = http://127.0.0.1:9\n"
                + "sts_regional_endpoints = legacy\nmax_attempts = 7\nretry_mode = adaptive\n");
        assertTrue(AwsClients.overrideConfiguration(TestSettings.at(null)).defaultProfileFile().orElseThrow().profiles().isEmpty());
        String[] props = {"aws.configFile", "aws.sharedCredentialsFile", "aws.endpointUrl", "aws.endpointUrlSts",
                "aws.region"};
        String[] values = {config.toString(), config.toString(), "http://127.0.0.1:9", "http://127.0.0.1:9",
                "nowhere-1"};
        for (int i = 0; i < props.length; i++) {
            System.setProperty(props[i], values[i]);
        }
        try {
            String arn = AwsClients.callSts(TestSettings.at(emu.endpoint()), AwsCredentials.of(AKID, SECRET),
                    "GetCallerIdentity", c -> c.getCallerIdentity().arn());
            assertTrue(arn.endsWith(":user/alice"));
            assertEquals("eu-west-1", emu.calls("GetCallerIdentity").get(0).region());
            assertEquals(URI.create("https://sts.eu-west-1.amazonaws.com"),
                    AwsClients.stsTarget(TestSettings.at(null)).endpoint());
        } finally {
            for (String p : props) {
                System.clearProperty(p);
            }
        }
    }

    @Test
    void callTimeoutCoversOneSlowAttempt() {
        assertEquals(Duration.ofSeconds(10), AwsClients.callTimeout(TestSettings.at(null)));
        assertEquals(Duration.ofSeconds(33), AwsClients.callTimeout(new TestSettings("eu-west-1", null, false,
                Duration.ofSeconds(3), Duration.ofSeconds(30), 2)));
    }
}
