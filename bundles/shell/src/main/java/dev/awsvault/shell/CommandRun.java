package dev.awsvault.shell;

import java.util.concurrent.CompletableFuture;

/**
 * The state of one command line the shell runs: cancelled or not, whether a child program has the terminal, the
 * thread running it, and the exit status the shell waits for. Ctrl-C cancels it ({@link #cancel()}), except while a
 * child runs: the child is in the shell's foreground process group and gets the signal itself.
 */
final class CommandRun {
    /** The status of a command cancelled with Ctrl-C, as a shell reports a command ended by SIGINT. */
    static final int CANCELLED = 130;

    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile boolean childRunning;
    private volatile Thread thread;
    private final java.util.concurrent.Semaphore childInterrupts = new java.util.concurrent.Semaphore(0);

    boolean isCancelled() {
        return cancelled;
    }

    boolean isChildRunning() {
        return childRunning;
    }

    void childRunning(boolean running) {
        if (running) {
            childInterrupts.drainPermits();
        }
        this.childRunning = running;
    }

    /** The shell saw Ctrl-C while the child ran (the child got it too). */
    void childInterrupted() {
        childInterrupts.release();
    }

    /**
     * After a child ended by SIGINT: waits (half a second at most) until the shell has seen the same signal, which
     * the JVM delivers on a thread of its own, so it cannot arrive late and cancel the shell's next prompt line.
     */
    void awaitChildInterruptSeen() {
        try {
            childInterrupts.tryAcquire(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks the run cancelled, interrupts its thread and lets the shell stop waiting for it. */
    void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        status.complete(CANCELLED);
    }

    /**
     * Runs {@code body} on a new thread and waits until it returns or the run is cancelled. A body that throws
     * gives status 1 (the runner itself turns errors into one line; this is the last resort).
     */
    int runAndWait(java.util.function.IntSupplier body) {
        Thread t = new Thread(() -> {
            try {
                status.complete(body.getAsInt());
            } catch (RuntimeException | LinkageError e) {
                status.complete(1);
            }
        }, "aws-vault-shell-command");
        t.setDaemon(true);
        thread = t;
        t.start();
        while (true) {
            try {
                return status.get();
            } catch (InterruptedException e) {
                cancel();
            } catch (java.util.concurrent.ExecutionException e) {
                return 1;
            }
        }
    }
}
