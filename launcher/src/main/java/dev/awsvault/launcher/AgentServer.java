package dev.awsvault.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.awsvault.invocation.CommandRunner;

/**
 * The agent's listener: a Unix domain socket (0600, in a 0700 directory); each connection is one invocation, served on
 * its own thread so that clients run in parallel. A peer of another uid (checked with SO_PEERCRED where the JDK offers
 * it) is dropped, as is a connection that sends no request within {@link #REQUEST_TIMEOUT} or sends garbage; the others
 * are not affected.
 */
final class AgentServer {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path socket;
    private final String distributionId;
    /** The installation's id as it is on disk now. */
    private final java.util.function.Supplier<String> installedId;
    private final CommandRunner runner;
    private final MemorySecretCache cache;
    private final Debug debug;
    private final Instant started;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "aws-vault-agent-" + threadNumber.incrementAndGet()));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "aws-vault-agent-timer"));
    private volatile ServerSocketChannel server;
    private volatile boolean stopping;
    private UserPrincipal owner;

    AgentServer(Path socket, Distribution distribution, CommandRunner runner, MemorySecretCache cache, Clock clock, Debug debug) {
        this.socket = socket;
        this.distributionId = distribution.id();
        this.installedId = distribution::id;
        this.runner = runner;
        this.cache = cache;
        this.debug = debug;
        this.started = clock.instant();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    Instant started() {
        return started;
    }

    Path socket() {
        return socket;
    }

    MemorySecretCache cache() {
        return cache;
    }

    /**
     * Binds the socket. A socket file left by an agent that died is removed; a live agent on it makes this fail.
     */
    void bind(long uid) throws IOException {
        AgentSocket.prepareDirectory(socket, uid);
        if (Files.exists(socket)) {
            if (AgentClient.isListening(socket)) {
                throw new LauncherException("an aws-vault agent is already running on " + socket);
            }
            Files.delete(socket); // stale: its agent is gone
        }
        preloadLauncherClasses();
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        // The socket file is created by bind; the directory is 0700 already, and the mode is narrowed at once.
        channel.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        owner = Files.getOwner(socket);
        server = channel;
        timers.scheduleWithFixedDelay(cache::expire, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Loads every class of the launcher jar now: an upgrade may replace the jar under the running agent, and a class
     * loaded lazily from the new file could not be trusted to fit the old ones.
     */
    private void preloadLauncherClasses() {
        try {
            Path jar = Path.of(AgentServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                for (java.util.jar.JarEntry entry : java.util.Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (name.startsWith("dev/awsvault/launcher/") && name.endsWith(".class")) {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, AgentServer.class.getClassLoader());
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            debug.log("cannot preload the launcher's classes: " + e);
        }
    }

    /** Accepts connections until {@link #stop()}. */
    void serve() {
        while (!stopping) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                debug.log("accept failed: " + e.getMessage());
                continue;
            }
            workers.execute(() -> handle(client));
        }
        shutdown();
    }

    /** Stops accepting; requests already running finish. */
    void stop() {
        stopping = true;
        try {
            ServerSocketChannel s = server;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void shutdown() {
        cache.clear();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            debug.log("cannot remove " + socket + ": " + e.getMessage());
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }

    private void handle(SocketChannel channel) {
        AgentConnection connection = new AgentConnection(channel);
        ScheduledFuture<?> deadline = timers.schedule(connection::close, REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (!installedId.get().equals(distributionId)) {
                // The installation was upgraded under the running agent: its jars are not the ones it loaded.
                connection.sendFallback("aws-vault: the agent was started by an older installation and stops now; running without it");
                stop();
                return;
            }
            if (!peerIsOwner(channel)) {
                // Told why, so that its client runs the command itself instead of failing; nothing else is said.
                debug.log("refused a connection of another user");
                connection.sendFallback("aws-vault: the agent on " + socket + " belongs to another user; running without it");
                return;
            }
            String mismatch = connection.readHello(distributionId);
            if (mismatch != null) {
                connection.sendFallback(mismatch);
                return;
            }
            connection.readRequest();
            deadline.cancel(false);
            if (AgentRouting.runsCold(connection.arguments())) {
                connection.sendFallback("");
                return;
            }
            Thread watcher = daemon(connection::watch, Thread.currentThread().getName() + "-watch");
            watcher.start();
            int status = runner.run(connection);
            connection.finish(status);
        } catch (IOException e) {
            debug.log("dropped a connection: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            debug.log("a request failed: " + EmbeddedFramework.describe(e));
        } finally {
            deadline.cancel(false);
            connection.close();
        }
    }

    /** Whether the peer runs as the agent's user (true where the platform cannot tell: the socket's mode still guards). */
    private boolean peerIsOwner(SocketChannel channel) {
        try {
            Object peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            if (peer instanceof jdk.net.UnixDomainPrincipal) {
                return ((jdk.net.UnixDomainPrincipal) peer).user().equals(owner);
            }
            return false;
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
