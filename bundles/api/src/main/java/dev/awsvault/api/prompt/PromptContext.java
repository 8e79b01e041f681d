package dev.awsvault.api.prompt;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import dev.awsvault.invocation.Terminal;

/** The invocation a prompt is shown for: its environment and its terminal. */
@ProviderType
public interface PromptContext {

    /** The caller's environment (PATH, DISPLAY, YKMAN_*, …). */
    Map<String, String> environment();

    /** The caller's controlling terminal. */
    Terminal terminal();
}
