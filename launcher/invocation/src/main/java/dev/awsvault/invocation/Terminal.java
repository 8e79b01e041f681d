package dev.awsvault.invocation;

import org.osgi.annotation.versioning.ProviderType;

/** The caller's controlling terminal, as far as the front end knows it. */
@ProviderType
public interface Terminal {

    /** Whether a controlling terminal can be opened for prompts. */
    boolean isPresent();

    /** Whether the invocation's standard output is a terminal (the original's {@code isatty(stdout)}). */
    boolean isOutputTerminal();

    /** Whether the invocation's standard input is a terminal. */
    boolean isInputTerminal();

    /**
     * Writes {@code prompt} to the terminal and reads one line with echo.
     *
     * @throws TerminalUnavailableException when there is no terminal to ask on
     */
    String readLine(String prompt);

    /**
     * Writes {@code prompt} to the terminal and reads one line with echo off. The caller clears the array.
     *
     * @throws TerminalUnavailableException when there is no terminal to ask on
     */
    char[] readSecret(String prompt);
}
