package dev.awsvault.commands.server;

import java.util.ArrayList;
import java.util.List;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Signal handling while a server runs, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported). Handlers
 * are Java handlers, never {@code SIG_IGN}: a child inherits ignored signals, but not handled ones.
 */
final class Signals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Signals() {
    }

    /**
     * While {@code child} runs: SIGINT and SIGHUP do not end aws-vault (the terminal sends them to the child's whole
     * process group, so the child decides; aws-vault then exits with its status, serving credentials until then);
     * SIGTERM, usually meant for aws-vault alone, is passed on to the child.
     */
    static Signals whileChildRuns(Process child) {
        Signals s = new Signals();
        s.handle("INT", sig -> { });
        s.handle("HUP", sig -> { });
        s.handle("TERM", sig -> child.destroy());
        return s;
    }

    /** SIGINT, SIGTERM and SIGHUP run {@code stop} instead of ending the JVM (the proxy removes its alias first). */
    static Signals onStop(Runnable stop) {
        Signals s = new Signals();
        for (String name : List.of("INT", "TERM", "HUP")) {
            s.handle(name, sig -> stop.run());
        }
        return s;
    }

    private void handle(String name, SignalHandler handler) {
        try {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, handler));
            signals.add(signal);
        } catch (IllegalArgumentException e) {
            // not on this OS (SIGHUP on Windows), or the JVM runs with -Xrs: the default stays
        }
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // cannot happen for a signal we handled a moment ago
            }
        }
    }
}
