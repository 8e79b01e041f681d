package dev.awsvault.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import dev.awsvault.invocation.AgentControl;
import dev.awsvault.invocation.SecretCache;

/**
 * The agent process: a session of its own, the framework started once, the unlock cache and the agent's control
 * registered as services, then the socket served until {@code agent stop} (or SIGTERM).
 */
final class AgentMain {
    private AgentMain() {
    }

    static int serve(Distribution distribution, Map<String, String> env, Debug debug) {
        detach();
        long uid = AgentSocket.uid();
        Path socket = AgentSocket.path(env, uid);
        String ttlProperty = System.getProperty(AgentStarter.TTL_PROPERTY);
        Duration ttl = ttlProperty != null ? AgentSettings.parseDuration(ttlProperty, "--ttl") : new AgentSettings(env).ttl();
        Clock clock = Clock.systemUTC();
        MemorySecretCache cache = new MemorySecretCache(ttl, clock);
        // A storage of its own: plugins it installs at run time must not change the one cold runs share.
        Launcher launcher = new Launcher(distribution, env, UserIdentity.current(), debug).privateStorage();
        return launcher.withFramework((framework, runner) -> {
            AgentServer server = new AgentServer(socket, distribution, runner, cache, clock, debug);
            try {
                server.bind(uid);
            } catch (IOException e) {
                throw new LauncherException("cannot listen on " + socket + ": " + e.getMessage(), e);
            }
            framework.context().registerService(SecretCache.class, cache, null);
            framework.context().registerService(AgentControl.class, new ResidentAgentControl(server, clock), null);
            Thread hook = new Thread(server::stop, "aws-vault-agent-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            debug.log("agent serving on " + socket);
            server.serve();
            cache.clear();
            return 0;
        });
    }

    /** Leaves the starter's session, so that its terminal closing (SIGHUP) does not end the agent. */
    private static void detach() {
        if (Platform.isWindows()) {
            return;
        }
        try {
            Native.load(Platform.C_LIBRARY_NAME, ProcessReplacer.LibC.class).setsid();
        } catch (LinkageError | RuntimeException e) {
            // without JNA the agent still runs; it shares the starter's session
        }
    }
}
