package dev.awsvault.prompt.terminal;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * Asks on the caller's controlling terminal, as the original's {@code terminal} driver: the message as it is, an
 * MFA code read with echo and trimmed, a secret read with echo off.
 */
@Component(service = PromptDriver.class)
@PromptName(name = "terminal")
public final class TerminalPromptDriver implements PromptDriver {

    @Override
    public String name() {
        return "terminal";
    }

    /** Always registered, as in the original; a missing terminal is reported when a prompt is actually needed. */
    @Override
    public boolean isAvailable(PromptContext context) {
        return true;
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        try {
            if (request.kind() == PromptRequest.Kind.SECRET) {
                char[] secret = context.terminal().readSecret(request.message());
                if (secret == null) {
                    throw new PromptException("no input: the terminal was closed");
                }
                try {
                    return new String(secret);
                } finally {
                    java.util.Arrays.fill(secret, '\0');
                }
            }
            String line = context.terminal().readLine(request.message());
            if (line == null) {
                throw new PromptException("no input: the terminal was closed");
            }
            return line.strip();
        } catch (TerminalUnavailableException e) {
            throw new PromptException("unable to ask \"" + request.message().strip()
                    + "\": no terminal available (choose another driver with --prompt)");
        }
    }
}
