package dev.awsvault.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.awsvault.invocation.AgentControl;
import dev.awsvault.invocation.Invocation;

/** {@code agent …} answered by the running agent about itself. */
final class ResidentAgentControl implements AgentControl {
    private final AgentServer server;
    private final Clock clock;

    ResidentAgentControl(AgentServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    @Override
    public int start(Invocation invocation, String ttl) {
        invocation.err().println("An aws-vault agent is already running (pid " + ProcessHandle.current().pid() + ") on "
            + server.socket());
        return 0;
    }

    @Override
    public int status(Invocation invocation) {
        Instant now = clock.instant();
        Optional<Instant> until = server.cache().unlockedUntil();
        var out = invocation.out();
        out.println("pid: " + ProcessHandle.current().pid());
        out.println("socket: " + server.socket());
        out.println("uptime: " + goDuration(Duration.between(server.started(), now)));
        out.println("ttl: " + goDuration(server.cache().ttl()));
        out.println("unlocked until: " + until.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()
            + " (" + goDuration(Duration.between(now, i)) + " left)").orElse("locked"));
        return 0;
    }

    @Override
    public int stop(Invocation invocation) {
        invocation.err().println("Stopping the aws-vault agent (pid " + ProcessHandle.current().pid() + ")");
        server.stop();
        return 0;
    }

    @Override
    public int lock(Invocation invocation) {
        server.cache().clear();
        invocation.err().println("The aws-vault agent forgot every secret it kept");
        return 0;
    }

    /** A duration as Go prints it, to the second: {@code 1h2m3s}, {@code 45s}, {@code 0s}. */
    static String goDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        b.append(s % 60).append('s');
        return b.toString();
    }
}
