package dev.awsvault.invocation;

/** Thrown when a prompt needs a terminal and the invocation has none (or the user closed it). */
public class TerminalUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TerminalUnavailableException(String message) {
        super(message);
    }
}
