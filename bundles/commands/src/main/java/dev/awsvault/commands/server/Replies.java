package dev.awsvault.commands.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.core.GoJson;

/** Responses the way the original's Go handlers write them, and the JSON both servers hand out. */
final class Replies {
    /** Go's content sniffing names any of the original's text and JSON bodies so. */
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    /** What clients are told about credentials that never expire: come back in an hour. */
    static final Duration NO_EXPIRY_REFRESH = Duration.ofHours(1);

    private Replies() {
    }

    /** Go's {@code http.Error}: the message and a newline as plain text, not to be sniffed. */
    static void error(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, status, TEXT, message + "\n");
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code {"Message":"…"}} and a newline, as Go's json.Encoder writes a one-entry map. */
    static String message(String text) {
        return GoJson.quote(new StringBuilder("{\"Message\":"), text).append("}\n").toString();
    }

    /** The ECS container-credentials JSON: Go's sorted map keys, UTC RFC3339 expiration, a newline. */
    static String ecsCredentials(AwsCredentials c, Instant now) {
        StringBuilder sb = new StringBuilder("{\"AccessKeyId\":");
        GoJson.quote(sb, c.accessKeyId()).append(",\"Expiration\":");
        GoJson.quote(sb, GoJson.rfc3339(expiration(c, now))).append(",\"SecretAccessKey\":");
        GoJson.quote(sb, c.secretAccessKey()).append(",\"Token\":");
        return GoJson.quote(sb, c.sessionToken().orElse("")).append("}\n").toString();
    }

    /** The instance-metadata role JSON: Go's sorted map keys, {@code Code}, {@code LastUpdated}, {@code Type}. */
    static String ec2Credentials(AwsCredentials c, Instant now) {
        StringBuilder sb = new StringBuilder("{\"AccessKeyId\":");
        GoJson.quote(sb, c.accessKeyId()).append(",\"Code\":\"Success\",\"Expiration\":");
        GoJson.quote(sb, GoJson.rfc3339(expiration(c, now))).append(",\"LastUpdated\":");
        GoJson.quote(sb, GoJson.rfc3339(now)).append(",\"SecretAccessKey\":");
        GoJson.quote(sb, c.secretAccessKey()).append(",\"Token\":");
        return GoJson.quote(sb, c.sessionToken().orElse("")).append(",\"Type\":\"AWS-HMAC\"}\n").toString();
    }

    private static Instant expiration(AwsCredentials c, Instant now) {
        return c.expiration().orElse(now.plus(NO_EXPIRY_REFRESH));
    }

    /** An error's one-line text for a client (our exceptions carry user-facing messages without secrets). */
    static String describe(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Daemon threads named after the server, so a hung client never keeps the JVM alive. */
    static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
