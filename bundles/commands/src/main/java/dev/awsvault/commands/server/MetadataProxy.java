package dev.awsvault.commands.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.awsvault.api.AwsVaultException;

/**
 * The root side of the EC2 mode ({@code server/ec2proxy.go}): adds the metadata address to the loopback interface
 * when it is not there yet, listens on it ({@code 169.254.169.254:80}) and passes every connection on to the
 * credential server ({@code 127.0.0.1:9099}) unchanged, so the server sees the client's {@code Host} and IMDSv2
 * headers. {@code GET /stop} ends it and removes the alias it added.
 *
 * <p>Beyond the original, it checks the client itself: a connection that does not come from this machine's loopback
 * interface (the metadata alias lives there) gets 401 "Access denied from non-localhost address". The original
 * proxied everything over loopback, so its server's check never saw a foreign client.
 */
public final class MetadataProxy implements AutoCloseable {
    static final String STOP_PATH = "/stop";
    private static final int MAX_REQUEST_LINE = 8192;
    private static final int FIRST_LINE_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket listener;
    private final Ec2Endpoints endpoints;
    private final LoopbackAlias alias;
    private final boolean aliasAdded;
    private final Consumer<String> log;
    private final ExecutorService connections = Executors.newCachedThreadPool(Replies.daemonThreads("aws-vault-proxy"));
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile AwsVaultException stopFailure;

    private MetadataProxy(ServerSocket listener, Ec2Endpoints endpoints, LoopbackAlias alias, boolean aliasAdded,
            Consumer<String> log) {
        this.listener = listener;
        this.endpoints = endpoints;
        this.alias = alias;
        this.aliasAdded = aliasAdded;
        this.log = log;
    }

    public static MetadataProxy start(Ec2Endpoints endpoints, Consumer<String> log) {
        return start(endpoints, new LoopbackAlias(), log);
    }

    static MetadataProxy start(Ec2Endpoints endpoints, LoopbackAlias alias, Consumer<String> log) {
        InetAddress address = endpoints.metadata().getAddress();
        boolean added = false;
        if (!LoopbackAlias.isLocal(address)) {
            alias.add(address);
            added = true;
        }
        ServerSocket listener = null;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(endpoints.metadata(), 64);
        } catch (IOException e) {
            closeQuietly(listener);
            if (added) {
                alias.remove(address);
            }
            throw new AwsVaultException("cannot listen on " + endpoints.metadataText() + ": " + e.getMessage()
                    + (e instanceof BindException && String.valueOf(e.getMessage()).contains("ermission")
                            ? " (run `aws-vault proxy` as root, e.g. with sudo)" : ""), e);
        }
        MetadataProxy proxy = new MetadataProxy(listener, endpoints, alias, added, log);
        Thread acceptor = new Thread(proxy::accept, "aws-vault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.accept("EC2 Instance Metadata endpoint proxy server running on " + endpoints.metadataText());
        return proxy;
    }

    /** Blocks until {@code GET /stop} or {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops listening and removes the alias this proxy added (a failure to remove it is an error). */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        try {
            closeQuietly(listener);
            connections.shutdownNow();
            if (aliasAdded) {
                alias.remove(endpoints.metadata().getAddress());
            }
        } finally {
            stopped.countDown();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                connections.execute(() -> relay(client));
            } catch (RuntimeException e) { // shutting down
                closeQuietly(client);
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            if (!LoopbackAlias.isOnLoopback(client.getInetAddress())) {
                log.accept("EC2 metadata proxy: refused " + client.getInetAddress().getHostAddress());
                respond(client, 401, "Unauthorized", "Access denied from non-localhost address\n");
                return;
            }
            client.setSoTimeout(FIRST_LINE_TIMEOUT_MILLIS);
            byte[] requestLine = readLine(client.getInputStream());
            if (isStop(requestLine)) {
                respond(client, 200, "OK", "");
                log.accept("EC2 metadata proxy: stopping");
                new Thread(this::stopQuietly, "aws-vault-proxy-stop").start();
                return;
            }
            client.setSoTimeout(0);
            try (Socket server = new Socket()) {
                try {
                    server.connect(endpoints.server(), CONNECT_TIMEOUT_MILLIS);
                } catch (IOException e) {
                    respond(client, 502, "Bad Gateway", "no aws-vault EC2 credential server on "
                            + endpoints.serverText() + "\n");
                    return;
                }
                server.getOutputStream().write(requestLine);
                Thread back = new Thread(() -> pump(server, client), "aws-vault-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, server);
                back.join();
            }
        } catch (IOException e) {
            // the client or the server went away: nothing left to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops from a thread of its own; a failure to remove the alias is kept for {@link #serveUntilStopped}. */
    private void stopQuietly() {
        try {
            close();
        } catch (AwsVaultException e) {
            stopFailure = e;
        }
    }

    /** Copies until end of stream, then half-closes the other side so the reply still comes back. */
    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    /** The request line, including its line end (what reached us is forwarded as it came). */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n' || line.size() >= MAX_REQUEST_LINE) {
                break;
            }
        }
        return line.toByteArray();
    }

    private static boolean isStop(byte[] requestLine) {
        String line = new String(requestLine, StandardCharsets.ISO_8859_1);
        return line.startsWith("GET " + STOP_PATH + " ") || line.startsWith("GET " + STOP_PATH + "?");
    }

    private static void respond(Socket client, int status, String reason, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }

    /**
     * {@code aws-vault proxy}: serves until {@code GET /stop} or SIGINT, SIGTERM or SIGHUP, then removes the alias it
     * added.
     */
    public static void serveUntilStopped(Ec2Endpoints endpoints, Consumer<String> log) throws InterruptedException {
        try (MetadataProxy proxy = start(endpoints, log); Signals signals = Signals.onStop(proxy::stopQuietly)) {
            proxy.awaitStop();
            if (proxy.stopFailure != null) {
                throw proxy.stopFailure;
            }
        }
    }

    /**
     * Asks a running proxy to stop ({@code GET /stop}, as {@code aws-vault proxy --stop} and exec do).
     *
     * @return whether a proxy answered 200
     */
    public static boolean requestStop(Ec2Endpoints endpoints) {
        try (Socket s = new Socket()) {
            s.connect(endpoints.metadata(), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + STOP_PATH + " HTTP/1.1\r\nHost: " + endpoints.metadataText()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] status = s.getInputStream().readNBytes(12);
            return new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on the metadata address (the original's 10 ms dial). */
    public static boolean isRunning(InetSocketAddress metadata) {
        try (Socket s = new Socket()) {
            s.connect(metadata, 10);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
