package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.StsEmulatorTest.AKID;
import static dev.awsvault.testing.aws.StsEmulatorTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/** The emulator's own SigV4 check: a published test vector, and raw requests signed by the SDK's signer. */
class SigV4Test {
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
    void publishedExampleFromTheSigV4Documentation() {
        // GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 on 2015-08-30T12:36:00Z
        Headers h = new Headers();
        h.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        h.add("Host", "iam.amazonaws.com");
        h.add("X-Amz-Date", "20150830T123600Z");
        SigV4.Auth auth = new SigV4.Auth("AKIDEXAMPLE", "20150830", "us-east-1", "iam", "aws4_request",
                List.of("content-type", "host", "x-amz-date"), "", "20150830T123600Z");
        String canonical = SigV4.canonicalRequest(auth, "GET", "/", "Action=ListUsers&Version=2010-05-08", h, new byte[0]);
        assertEquals("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
                Wire.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)));
        assertEquals("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
                SigV4.expectedSignature(auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "GET", "/",
                        "Action=ListUsers&Version=2010-05-08", h, new byte[0]));
    }

    @Test
    void encodingRules() {
        assertEquals("a%20b%2Fc~d_e.f-g", SigV4.uriEncode("a b/c~d_e.f-g"));
        assertEquals("/a/b%2520c", SigV4.canonicalUri("/a/b%20c"));
        assertEquals("/", SigV4.canonicalUri(""));
        assertEquals("A=1&B=2&b=%2B&c=", SigV4.canonicalQuery("b=%2B&B=2&A=1&c"));
    }

    @Test
    void rawRequestSignedByTheSdkSignerIsAccepted() throws Exception {
        assertEquals(200, send(Instant.now(), "sts").statusCode());
    }

    @Test
    void requestsOutsideTheFifteenMinuteWindowAreRefused() throws Exception {
        HttpResponse<String> r = send(Instant.now().minus(Duration.ofMinutes(20)), "sts");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
        assertTrue(r.body().contains("<Message>Signature expired: "), r.body());
        assertTrue(r.body().contains("<Type>Sender</Type>"), r.body());

        r = send(Instant.now().plus(Duration.ofMinutes(20)), "sts");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("Signature not yet current: "), r.body());

        emu.checkRequestTime(false);
        assertEquals(200, send(Instant.now().minus(Duration.ofMinutes(20)), "sts").statusCode());
    }

    @Test
    void credentialMustBeScopedToTheService() throws Exception {
        HttpResponse<String> r = send(Instant.now(), "iam");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("Credential should be scoped to correct service: &apos;sts&apos;."), r.body());
    }

    @Test
    void unknownActionAndUnknownRoute() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DecodeAuthorizationMessage&Version=2011-06-15"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>InvalidAction</Code>"), r.body());
        r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/nothing/here"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
    }

    /** A GetCallerIdentity POST signed with the SDK's own signer at the given time, sent by the JDK HTTP client. */
    private HttpResponse<String> send(Instant signingTime, String service) throws Exception {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(emu.endpoint())
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(AKID, SECRET))
                .request(unsigned).payload(unsigned.contentStreamProvider().orElseThrow())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC))).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(emu.endpoint()).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> e : signed.headers().entrySet()) {
            if (!e.getKey().equalsIgnoreCase("Host")) {
                e.getValue().forEach(v -> b.header(e.getKey(), v));
            }
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
