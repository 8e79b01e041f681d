package dev.awsvault.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in STS on loopback for the training run only: it answers every request with a GetSessionToken response
 * (fake keys), so that the archive also holds the classes of the session path (the on-demand source bundles, the
 * AWS SDK's client, signer and XML parser). Nothing is verified; it never outlives the training run.
 */
final class TrainingSts implements AutoCloseable {
    private final HttpServer server;

    private TrainingSts(HttpServer server) {
        this.server = server;
    }

    static TrainingSts start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] body = ("<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetSessionTokenResult><Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>"
                    + "<SecretAccessKey>training</SecretAccessKey><SessionToken>training</SessionToken>"
                    + "<Expiration>" + expiration + "</Expiration></Credentials></GetSessionTokenResult>"
                    + "<ResponseMetadata><RequestId>training</RequestId></ResponseMetadata></GetSessionTokenResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new TrainingSts(server);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
