package dev.awsvault.commands.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.core.GoJson;

/**
 * The EC2 instance-metadata server ({@code server/ec2server.go}) on {@code 127.0.0.1:9099}, behind the root proxy on
 * {@code 169.254.169.254:80}. Every request must come from a loopback address (else 401 "Access denied from
 * non-localhost address") and name the metadata address in {@code Host} (else 401 "Access denied for host '…'": the
 * DNS-rebinding guard). Routes as the original's, one role named {@value #ROLE}; beyond it, the IMDSv2 token route
 * ({@code PUT /latest/api/token}) that current SDKs try first. A request that carries
 * {@code X-aws-ec2-metadata-token} must carry a valid one (401 otherwise); one without it is served as IMDSv1, as the
 * original serves every request.
 */
public final class Ec2MetadataServer implements AutoCloseable {
    static final String ROLE = "local-credentials";
    static final String TOKEN_PATH = "/latest/api/token";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
    static final String INSTANCE_ID_PATH = "/latest/meta-data/instance-id/";
    static final String IAM_INFO_PATH = "/latest/meta-data/iam/info/";
    static final String IDENTITY_DOCUMENT_PATH = "/latest/dynamic/instance-identity/document";
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final CredentialProvider credentials;
    private final String region;
    private final Set<String> allowedHosts;
    private final ImdsTokens tokens;
    private final Consumer<String> log;

    private Ec2MetadataServer(HttpServer server, ThreadPoolExecutor executor, CredentialProvider credentials,
            String region, Set<String> allowedHosts, Clock clock, Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.credentials = credentials;
        this.region = region;
        this.allowedHosts = allowedHosts;
        this.tokens = new ImdsTokens(clock);
        this.log = log;
    }

    /**
     * Starts serving on {@code endpoints.server()}.
     *
     * @param credentials the profile's credentials (kept in memory by the caller)
     * @param region      for the instance-identity document; may be empty
     */
    public static Ec2MetadataServer start(Ec2Endpoints endpoints, CredentialProvider credentials, String region,
            Consumer<String> log) {
        return start(endpoints, credentials, region, Clock.systemUTC(), log);
    }

    static Ec2MetadataServer start(Ec2Endpoints endpoints, CredentialProvider credentials, String region, Clock clock,
            Consumer<String> log) {
        HttpServer server;
        try {
            server = HttpServer.create(endpoints.server(), 0);
        } catch (BindException e) {
            throw new AwsVaultException("Failed to start credential server: " + endpoints.serverText()
                    + " is in use (is another `aws-vault exec --ec2-server` running?)", e);
        } catch (IOException e) {
            throw new AwsVaultException("Failed to start credential server on " + endpoints.serverText() + ": "
                    + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Replies.daemonThreads("aws-vault-ec2-server"));
        executor.allowCoreThreadTimeOut(true);
        Ec2MetadataServer ec2 = new Ec2MetadataServer(server, executor, credentials, region,
                endpoints.allowedHosts(), clock, log);
        server.setExecutor(executor);
        server.createContext("/", ec2::handle);
        server.start();
        log.accept("Starting EC2 Instance Metadata server on " + endpoints.serverText());
        return ec2;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            InetAddress remote = exchange.getRemoteAddress().getAddress();
            if (!remote.isLoopbackAddress()) {
                log.accept("EC2 metadata server: refused " + remote.getHostAddress());
                Replies.error(exchange, 401, "Access denied from non-localhost address");
                return;
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host)) {
                log.accept("EC2 metadata server: refused Host '" + (host == null ? "" : host) + "'");
                Replies.error(exchange, 401, "Access denied for host '" + (host == null ? "" : host) + "'");
                return;
            }
            if (path.equals(TOKEN_PATH)) {
                log.accept("EC2 metadata server: " + method + " " + path);
                issueToken(exchange);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            if (token != null && !tokens.isValid(token)) {
                log.accept("EC2 metadata server: " + method + " " + path + ": 401 invalid or expired token");
                Replies.error(exchange, 401, "Unauthorized");
                return;
            }
            log.accept("EC2 metadata server: " + method + " " + path + (token != null ? " (IMDSv2)" : " (IMDSv1)"));
            route(exchange, path);
        }
    }

    /** Go ServeMux's routes of the original; a subtree's own path without the slash is served, not redirected. */
    private void route(HttpExchange exchange, String path) throws IOException {
        if (path.equals(CREDENTIALS_PATH + ROLE)) {
            serveCredentials(exchange);
        } else if (inSubtree(path, CREDENTIALS_PATH)) {
            Replies.send(exchange, 200, Replies.TEXT, ROLE);
        } else if (inSubtree(path, INSTANCE_ID_PATH)) {
            Replies.send(exchange, 200, Replies.TEXT, "aws-vault");
        } else if (inSubtree(path, IAM_INFO_PATH)) {
            Replies.send(exchange, 200, Replies.TEXT, "{\"Code\" : \"Success\"}");
        } else if (path.equals(IDENTITY_DOCUMENT_PATH)) {
            Replies.send(exchange, 200, Replies.TEXT,
                    GoJson.quote(new StringBuilder("{\"region\": "), region).append('}').toString());
        } else {
            Replies.error(exchange, 404, "404 page not found");
        }
    }

    private void serveCredentials(HttpExchange exchange) throws IOException {
        AwsCredentials c;
        try {
            c = credentials.retrieve();
        } catch (RuntimeException e) {
            log.accept("EC2 metadata server: 504 " + Replies.describe(e));
            Replies.error(exchange, 504, Replies.describe(e));
            return;
        }
        log.accept("Serving credentials via http " + AwsCredentials.mask(c.accessKeyId())
                + c.expiration().map(e -> ", expiration of " + GoJson.rfc3339(e)).orElse(""));
        Replies.send(exchange, 200, Replies.TEXT, Replies.ec2Credentials(c, Instant.now()));
    }

    /**
     * IMDSv2: a token for the TTL the client asks for (1 to 21600 seconds). As EC2 does, a token request that passed
     * through a proxy ({@code X-Forwarded-For}) is refused, so a server-side request forgery cannot get one.
     */
    private void issueToken(HttpExchange exchange) throws IOException {
        if (!"PUT".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "PUT");
            Replies.error(exchange, 405, "Method Not Allowed");
            return;
        }
        if (exchange.getRequestHeaders().containsKey("X-Forwarded-For")) {
            Replies.error(exchange, 403, "Forbidden");
            return;
        }
        String ttlHeader = exchange.getRequestHeaders().getFirst(TTL_HEADER);
        int ttl;
        try {
            ttl = Integer.parseInt(ttlHeader == null ? "" : ttlHeader.trim());
        } catch (NumberFormatException e) {
            ttl = 0;
        }
        if (ttl < ImdsTokens.MIN_TTL_SECONDS || ttl > ImdsTokens.MAX_TTL_SECONDS) {
            Replies.error(exchange, 400, "Bad Request: " + TTL_HEADER + " must be 1 to 21600");
            return;
        }
        exchange.getResponseHeaders().set(TTL_HEADER, Integer.toString(ttl));
        Replies.send(exchange, 200, Replies.TEXT, tokens.issue(Duration.ofSeconds(ttl)));
    }

    private static boolean inSubtree(String path, String subtree) {
        return path.startsWith(subtree) || path.equals(subtree.substring(0, subtree.length() - 1));
    }
}
