package dev.awsvault.commands.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;

/**
 * The ECS container-credentials server ({@code server/ecsserver.go}): on 127.0.0.1 and a random port, every request
 * must carry the random token in {@code Authorization} (compared in constant time), else 403
 * {@code {"Message":"invalid Authorization token"}}. {@code /role-arn/<arn>} serves that role assumed with the base
 * credentials (one provider per ARN, kept for the server's life); every other path serves the base credentials.
 * Retrieval errors are 500 {@code {"Message":"<error>"}}.
 */
public final class EcsCredentialServer implements AutoCloseable {
    static final String ROLE_PREFIX = "/role-arn/";
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String token;
    private final byte[] tokenBytes;
    private final CredentialProvider base;
    private final Function<String, CredentialProvider> roleProviders;
    private final Map<String, CredentialProvider> roles = new ConcurrentHashMap<>();
    private final Consumer<String> log;

    private EcsCredentialServer(HttpServer server, ThreadPoolExecutor executor, String token, CredentialProvider base,
            Function<String, CredentialProvider> roleProviders, Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        this.base = base;
        this.roleProviders = roleProviders;
        this.log = log;
    }

    /**
     * Starts serving on 127.0.0.1 and a free port.
     *
     * @param base          the profile's credentials (kept in memory by the caller)
     * @param roleProviders the provider for a role ARN on top of {@code base}; asked once per ARN
     * @param log           debug lines (never secrets)
     */
    public static EcsCredentialServer start(CredentialProvider base, Function<String, CredentialProvider> roleProviders,
            Consumer<String> log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        } catch (IOException e) {
            throw new AwsVaultException("cannot start the ECS credential server on 127.0.0.1: " + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Replies.daemonThreads("aws-vault-ecs-server"));
        executor.allowCoreThreadTimeOut(true);
        EcsCredentialServer ecs = new EcsCredentialServer(server, executor, newToken(), base, roleProviders, log);
        server.setExecutor(executor);
        server.createContext("/", ecs::handle);
        server.start();
        log.accept("ECS credential server listening on " + ecs.baseUrl());
        return ecs;
    }

    /** {@code http://127.0.0.1:<port>}, the value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: 30 random bytes as unpadded base64url (40 characters). */
    public String authorizationToken() {
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                log.accept("ECS credential server: " + exchange.getRequestMethod() + " " + path + ": 403 wrong token");
                Replies.send(exchange, 403, Replies.JSON, Replies.message("invalid Authorization token"));
                return;
            }
            CredentialProvider provider = base;
            if (path.startsWith(ROLE_PREFIX)) {
                String roleArn = path.substring(ROLE_PREFIX.length());
                if (roleArn.isEmpty()) {
                    Replies.send(exchange, 400, Replies.JSON, Replies.message("no role ARN after " + ROLE_PREFIX));
                    return;
                }
                provider = roles.computeIfAbsent(roleArn, roleProviders);
            }
            AwsCredentials credentials;
            try {
                credentials = provider.retrieve();
            } catch (RuntimeException e) {
                log.accept("ECS credential server: " + path + ": 500 " + Replies.describe(e));
                Replies.send(exchange, 500, Replies.JSON, Replies.message(Replies.describe(e)));
                return;
            }
            log.accept("ECS credential server: " + path + ": 200 " + AwsCredentials.mask(credentials.accessKeyId()));
            Replies.send(exchange, 200, Replies.TEXT, Replies.ecsCredentials(credentials, Instant.now()));
        }
    }

    /** The exact header value, compared in constant time (a missing header never matches). */
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(tokenBytes, header.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] random = new byte[30];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a 4-byte address
        }
    }
}
