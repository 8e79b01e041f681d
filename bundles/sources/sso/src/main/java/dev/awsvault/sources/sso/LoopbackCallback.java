package dev.awsvault.sources.sso;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The loopback redirect target of the authorization-code flow: a one-shot HTTP listener on {@code 127.0.0.1} at a
 * random port that answers {@code GET /oauth/callback?code=…&state=…} (or {@code ?error=…}) and hands the query to
 * {@link #result()}. Plain sockets rather than {@code com.sun.net.httpserver}, so the bundle imports nothing outside
 * {@code java.*}. Requests for other paths get 404; only the first callback counts.
 */
final class LoopbackCallback implements AutoCloseable {
    static final String PATH = "/oauth/callback";
    private static final int MAX_HEAD = 16 * 1024;

    private final ServerSocket server;
    private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    private final Thread acceptor;

    LoopbackCallback() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::serve, "aws-vault-sso-callback");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String redirectUri() {
        return "http://127.0.0.1:" + server.getLocalPort() + PATH;
    }

    CompletableFuture<Map<String, String>> result() {
        return result;
    }

    private void serve() {
        while (!server.isClosed() && !result.isDone()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                handle(s);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                // a bad connection does not end the wait
            }
        }
    }

    private void handle(Socket s) throws IOException {
        String head = readHead(s.getInputStream());
        String line = head.lines().findFirst().orElse("");
        String[] parts = line.split(" ");
        OutputStream out = s.getOutputStream();
        if (parts.length < 2 || !parts[0].equals("GET")) {
            respond(out, 405, "Method Not Allowed", "Method not allowed.");
            return;
        }
        URI target = URI.create(parts[1]);
        if (!PATH.equals(target.getRawPath())) {
            respond(out, 404, "Not Found", "Not found.");
            return;
        }
        Map<String, String> q = query(target.getRawQuery());
        if (q.containsKey("error")) {
            respond(out, 200, "OK", "The request was denied. You can close this window.");
        } else {
            respond(out, 200, "OK", "Request approved: aws-vault has been signed in. You can close this window.");
        }
        result.complete(q);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && b.length() < MAX_HEAD) {
            b.append((char) c);
            int n = b.length();
            if (n >= 4 && b.charAt(n - 4) == '\r' && b.charAt(n - 3) == '\n' && b.charAt(n - 2) == '\r'
                    && b.charAt(n - 1) == '\n') {
                break;
            }
        }
        return b.toString();
    }

    private static void respond(OutputStream out, int status, String reason, String text) throws IOException {
        byte[] body = ("<!DOCTYPE html><html><head><title>aws-vault</title></head><body><p>" + text
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = i < 0 ? pair : pair.substring(0, i);
            String v = i < 0 ? "" : pair.substring(i + 1);
            m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        acceptor.interrupt();
    }
}
