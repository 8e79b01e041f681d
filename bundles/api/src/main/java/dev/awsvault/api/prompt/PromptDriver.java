package dev.awsvault.api.prompt;

import org.osgi.annotation.versioning.ConsumerType;

/** Asks the user for an MFA code or a secret. Implemented by prompt-driver bundles. */
@ConsumerType
public interface PromptDriver {

    /** Service property: the driver's name, e.g. {@code terminal}. */
    String NAME = "awsvault.prompt.name";

    /** The name users select with {@code --prompt}; equal to the {@link #NAME} property. */
    String name();

    /** A cheap run-time probe (a binary on PATH, a terminal, a display). */
    boolean isAvailable(PromptContext context);

    /**
     * Asks and returns the answer, trimmed.
     *
     * @throws PromptException when the user cancelled or the driver failed; the message is one line
     */
    String prompt(PromptRequest request, PromptContext context) throws PromptException;
}
