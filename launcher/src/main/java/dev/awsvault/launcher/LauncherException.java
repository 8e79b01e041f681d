package dev.awsvault.launcher;

/**
 * An error the launcher reports as one line, {@code aws-vault: error: <message>}, before it exits with status 1.
 * The message is complete on its own; the cause is shown only in debug mode.
 */
public final class LauncherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LauncherException(String message) {
        super(message);
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
