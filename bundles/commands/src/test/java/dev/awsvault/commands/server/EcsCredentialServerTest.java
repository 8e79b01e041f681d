package dev.awsvault.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;

/** The ECS server over plain HTTP: token check, routes, JSON byte for byte. */
class EcsCredentialServerTest {
    static final Instant EXPIRY = Instant.parse("2099-01-02T03:04:05.678Z");

    final List<String> roleLookups = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    EcsCredentialServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EcsCredentialServer start() {
        server = EcsCredentialServer.start(
                () -> AwsCredentials.of("ASIABASE", "base/secret+<&>", "base-token", EXPIRY),
                arn -> {
                    roleLookups.add(arn);
                    if (arn.endsWith("/broken")) {
                        return () -> {
                            throw new CredentialSourceException("operation error STS: AssumeRole, AccessDenied");
                        };
                    }
                    return () -> AwsCredentials.of("ASIAROLE", "role-secret", "role-token", EXPIRY);
                }, log::add);
        return server;
    }

    private InetSocketAddress address() {
        URI uri = URI.create(server.baseUrl());
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    private RawHttp.Response get(String path, String token) {
        return RawHttp.request(address(), "GET", path,
                token == null ? Map.of("Host", "127.0.0.1") : Map.of("Host", "127.0.0.1", "Authorization", token));
    }

    @Test
    void listensOnLoopbackWithAFortyCharacterBase64UrlToken() {
        start();
        assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), server.baseUrl());
        assertTrue(server.authorizationToken().matches("[A-Za-z0-9_-]{40}"), server.authorizationToken());
        EcsCredentialServer other = EcsCredentialServer.start(() -> null, arn -> null, s -> { });
        try {
            assertTrue(!other.authorizationToken().equals(server.authorizationToken()), "a new token per server");
        } finally {
            other.close();
        }
    }

    @Test
    void baseCredentialsAsTheOriginalWritesThem() {
        start();
        RawHttp.Response r = get("/", server.authorizationToken());
        assertEquals(200, r.status());
        assertEquals("{\"AccessKeyId\":\"ASIABASE\",\"Expiration\":\"2099-01-02T03:04:05Z\","
                + "\"SecretAccessKey\":\"base/secret+\\u003c\\u0026\\u003e\",\"Token\":\"base-token\"}\n", r.body());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals(r.body(), get("/any/other/path", server.authorizationToken()).body(), "every path but /role-arn/");
    }

    @Test
    void missingOrWrongTokenIs403WithTheOriginalsJson() {
        start();
        String token = server.authorizationToken();
        List<RawHttp.Response> refused = new ArrayList<>();
        refused.add(get("/", null));
        refused.add(get("/", "wrong"));
        refused.add(get("/", "Bearer " + token));
        refused.add(get("/", token.substring(0, 39)));
        refused.add(get("/", token + "x"));
        refused.add(get("/role-arn/arn:aws:iam::123456789012:role/x", token.toLowerCase().equals(token)
                ? token.toUpperCase() : token.toLowerCase()));
        for (RawHttp.Response r : refused) {
            assertEquals(403, r.status());
            assertEquals("{\"Message\":\"invalid Authorization token\"}\n", r.body());
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        }
        assertTrue(roleLookups.isEmpty(), "nothing is looked up for a refused request");
    }

    @Test
    void roleArnRouteAssumesTheRoleOncePerArn() {
        start();
        String arn = "arn:aws:iam::123456789012:role/path/admin";
        RawHttp.Response r = get("/role-arn/" + arn, server.authorizationToken());
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().startsWith("{\"AccessKeyId\":\"ASIAROLE\""), r.body());
        get("/role-arn/" + arn, server.authorizationToken());
        assertEquals(List.of(arn), roleLookups, "one provider per ARN, kept");
    }

    @Test
    void retrievalErrorsAre500WithTheMessage() {
        start();
        RawHttp.Response r = get("/role-arn/arn:aws:iam::123456789012:role/broken", server.authorizationToken());
        assertEquals(500, r.status());
        assertEquals("{\"Message\":\"operation error STS: AssumeRole, AccessDenied\"}\n", r.body());
        assertEquals(400, get("/role-arn/", server.authorizationToken()).status());
    }

    @Test
    void theLogNeverShowsSecrets() {
        start();
        get("/", server.authorizationToken());
        get("/", "wrong");
        String all = String.join("\n", log);
        assertTrue(all.contains("403"), all);
        assertTrue(!all.contains("base/secret") && !all.contains("base-token") && !all.contains(server.authorizationToken())
                && !all.contains("ASIABASE"), all);
    }
}
