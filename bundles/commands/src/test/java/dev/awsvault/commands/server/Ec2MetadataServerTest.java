package dev.awsvault.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;

/** The instance-metadata server over plain HTTP: checks, the original's routes, IMDSv2 tokens. */
class Ec2MetadataServerTest {
    static final Instant EXPIRY = Instant.parse("2099-01-02T03:04:05Z");

    /** A clock the tests move forward, for token expiry. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    final AtomicInteger retrievals = new AtomicInteger();
    boolean failing;
    Ec2MetadataServer server;
    InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Ec2Endpoints endpoints = Ec2Endpoints.from(Map.of(Ec2Endpoints.SERVER_ENV, "127.0.0.1:" + port));
        server = Ec2MetadataServer.start(endpoints, () -> {
            retrievals.incrementAndGet();
            if (failing) {
                throw new CredentialSourceException("profile p: credentials missing");
            }
            return AwsCredentials.of("ASIAEC2", "ec2-secret", "ec2-token", EXPIRY);
        }, "eu-west-1", clock, s -> { });
        address = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response request(String method, String path, String... headers) {
        Map<String, String> h = new HashMap<>();
        h.put("Host", "169.254.169.254");
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] == null) {
                h.remove(headers[i]);
            } else {
                h.put(headers[i], headers[i + 1]);
            }
        }
        return RawHttp.request(address, method, path, h);
    }

    @Test
    void theOriginalsRoutes() {
        assertEquals("local-credentials", request("GET", "/latest/meta-data/iam/security-credentials/").body());
        assertEquals("local-credentials", request("GET", "/latest/meta-data/iam/security-credentials").body());
        assertEquals("local-credentials", request("GET", "/latest/meta-data/iam/security-credentials/other").body());
        assertEquals("aws-vault", request("GET", "/latest/meta-data/instance-id/").body());
        assertEquals("aws-vault", request("GET", "/latest/meta-data/instance-id").body());
        assertEquals("{\"Code\" : \"Success\"}", request("GET", "/latest/meta-data/iam/info/").body());
        assertEquals("{\"region\": \"eu-west-1\"}", request("GET", "/latest/dynamic/instance-identity/document").body());
        RawHttp.Response missing = request("GET", "/latest/meta-data/ami-id");
        assertEquals(404, missing.status());
        assertEquals("404 page not found\n", missing.body());
        assertEquals(0, retrievals.get(), "only the role route retrieves credentials");
    }

    @Test
    void roleCredentialsAsTheOriginalWritesThem() {
        RawHttp.Response r = request("GET", "/latest/meta-data/iam/security-credentials/local-credentials");
        assertEquals(200, r.status());
        assertTrue(r.body().matches("\\{\"AccessKeyId\":\"ASIAEC2\",\"Code\":\"Success\",\"Expiration\":\"2099-01-02T03:04:05Z\","
                + "\"LastUpdated\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\",\"SecretAccessKey\":\"ec2-secret\","
                + "\"Token\":\"ec2-token\",\"Type\":\"AWS-HMAC\"}\n"), r.body());
    }

    @Test
    void retrievalErrorIs504WithTheMessage() {
        failing = true;
        RawHttp.Response r = request("GET", "/latest/meta-data/iam/security-credentials/local-credentials");
        assertEquals(504, r.status());
        assertEquals("profile p: credentials missing\n", r.body());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void aForeignHostIsRefusedAgainstDnsRebinding() {
        for (String host : new String[] {"evil.example", "169.254.169.254:8080", "127.0.0.1", "localhost:80"}) {
            RawHttp.Response r = request("GET", "/latest/meta-data/iam/security-credentials/local-credentials",
                    "Host", host);
            assertEquals(401, r.status(), host);
            assertEquals("Access denied for host '" + host + "'\n", r.body());
        }
        RawHttp.Response none = request("GET", "/latest/meta-data/instance-id/", "Host", null);
        assertEquals(401, none.status());
        assertEquals("Access denied for host ''\n", none.body());
        assertEquals(200, request("GET", "/latest/meta-data/instance-id/", "Host", "169.254.169.254:80").status());
        assertEquals(0, retrievals.get());
    }

    @Test
    void imdsV2TokenFlow() {
        RawHttp.Response token = request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "21600");
        assertEquals(200, token.status());
        assertEquals("21600", token.header("X-aws-ec2-metadata-token-ttl-seconds"));
        String t = token.body();
        assertTrue(t.matches("[A-Za-z0-9_-]{40,}"), t);
        RawHttp.Response creds = request("GET", "/latest/meta-data/iam/security-credentials/local-credentials",
                "X-aws-ec2-metadata-token", t);
        assertEquals(200, creds.status());
        assertTrue(creds.body().contains("\"AccessKeyId\":\"ASIAEC2\""));

        RawHttp.Response forged = request("GET", "/latest/meta-data/iam/security-credentials/local-credentials",
                "X-aws-ec2-metadata-token", t.substring(0, t.length() - 2) + (t.endsWith("AA") ? "BA" : "AA"));
        assertEquals(401, forged.status());
        clock.now = clock.now.plus(Duration.ofSeconds(21600));
        assertEquals(401, request("GET", "/latest/meta-data/instance-id/", "X-aws-ec2-metadata-token", t).status(),
                "expired");
        assertEquals(200, request("GET", "/latest/meta-data/instance-id/").status(), "IMDSv1 still works");
    }

    @Test
    void tokenRequestsAreCheckedAsEc2ChecksThem() {
        assertEquals(400, request("PUT", "/latest/api/token").status(), "no TTL");
        assertEquals(400, request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "0").status());
        assertEquals(400, request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "21601").status());
        assertEquals(400, request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "x").status());
        assertEquals(403, request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60",
                "X-Forwarded-For", "203.0.113.7").status(), "through a proxy");
        assertEquals(405, request("GET", "/latest/api/token").status());
        assertEquals(401, request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60",
                "Host", "evil.example").status(), "the Host check comes first");
    }

    @Test
    void tokensOfAnotherServerAreWorthless() throws Exception {
        String t = request("PUT", "/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60").body();
        server.close();
        start();
        assertEquals(401, request("GET", "/latest/meta-data/instance-id/", "X-aws-ec2-metadata-token", t).status());
    }
}
