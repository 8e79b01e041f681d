package dev.awsvault.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;

/**
 * Chooses the keystore backend and the prompt driver by the original's rules: a named one must be registered and
 * available (else kingpin's enum error listing the available ones); otherwise the first available backend in the
 * default order, and for prompts {@code terminal}, or the first non-terminal driver in alphabetical order when
 * stdout is not a terminal or a server needs the terminal left alone.
 */
final class Selection {
    static final String TERMINAL = "terminal";

    private Selection() {
    }

    /** A plugin's probe that throws counts as "not available here": one bad plugin must not break every command. */
    static boolean available(Plugins.Backend backend, KeystoreContext context) {
        try {
            return backend.service().isAvailable(context);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static boolean available(PromptDriver prompt, PromptContext context) {
        try {
            return prompt.isAvailable(context);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Plugins.Backend backend(Plugins plugins, Optional<String> requested, KeystoreContext context) {
        if (requested.isPresent()) {
            return named(plugins, requested.get(), context);
        }
        for (Plugins.Backend b : plugins.backends()) {
            if (b.defaultCandidate() && available(b, context)) {
                return b;
            }
        }
        throw new AwsVaultException("no keystore backend is available; install one or name one with --backend");
    }

    /** The backend of that name if it is registered and available here, else kingpin's enum error. */
    static Plugins.Backend named(Plugins plugins, String name, KeystoreContext context) {
        for (Plugins.Backend b : plugins.backends()) {
            if (b.name().equals(name) && available(b, context)) {
                return b;
            }
        }
        throw new UsageException("enum value must be one of " + String.join(",", availableBackends(plugins, context))
                + ", got '" + name + "'");
    }

    static List<String> availableBackends(Plugins plugins, KeystoreContext context) {
        List<String> names = new ArrayList<>();
        for (Plugins.Backend b : plugins.backends()) {
            if (available(b, context)) {
                names.add(b.name());
            }
        }
        return names;
    }

    static List<String> availablePrompts(Plugins plugins, PromptContext context) {
        List<String> names = new ArrayList<>();
        for (PromptDriver p : plugins.prompts()) {
            if (available(p, context)) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** Validates {@code --prompt} early, as kingpin does when parsing. */
    static void checkPromptName(Plugins plugins, Optional<String> requested, PromptContext context) {
        if (requested.isEmpty()) {
            return;
        }
        String name = requested.get();
        if (name.equals("pass")) {
            throw new AwsVaultException("--prompt=pass (or AWS_VAULT_PROMPT=pass) has been removed from aws-vault as "
                    + "using TOTPs without a dedicated device goes against security best practices. If you wish to "
                    + "continue using pass, add `mfa_process = pass otp <your mfa_serial>` to your profile config");
        }
        if (!availablePrompts(plugins, context).contains(name)) {
            throw new UsageException("enum value must be one of "
                    + String.join(",", availablePrompts(plugins, context)) + ", got '" + name + "'");
        }
    }

    static PromptDriver prompt(Plugins plugins, Optional<String> requested, PromptContext context, boolean avoidTerminal) {
        checkPromptName(plugins, requested, context);
        String name = requested.orElse(null);
        if (name == null && (avoidTerminal || !context.terminal().isOutputTerminal())) {
            for (PromptDriver p : plugins.prompts()) {
                if (!p.name().equals(TERMINAL) && available(p, context)) {
                    return p;
                }
            }
        }
        String wanted = name == null ? TERMINAL : name;
        for (PromptDriver p : plugins.prompts()) {
            if (p.name().equals(wanted)) {
                return p;
            }
        }
        throw new AwsVaultException("no prompt driver '" + wanted + "' is installed");
    }
}
