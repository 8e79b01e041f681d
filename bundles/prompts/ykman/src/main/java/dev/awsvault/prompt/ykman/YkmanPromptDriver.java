package dev.awsvault.prompt.ykman;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.invocation.TerminalUnavailableException;
import dev.awsvault.prompt.program.PromptProgram;

/**
 * Takes the MFA code from a YubiKey's OATH application, as the original's {@code ykman} driver:
 * {@code ykman [--device $YKMAN_OATH_DEVICE_SERIAL] oath accounts code --single <$YKMAN_OATH_CREDENTIAL_NAME or the
 * serial>}, or {@code oath code --single …} when {@code AWS_VAULT_YKMAN_VERSION} is 1, 2 or 3 (ykman before 4), all
 * read from the caller's environment. The code is ykman's stdout, trimmed. ykman's stderr reaches the user's stderr
 * while it runs, because it tells them to touch the key.
 *
 * <p>A YubiKey gives codes, not passphrases: a secret (the file backend's passphrase) is asked on the caller's
 * terminal, where the original always asks it.
 */
@Component(service = PromptDriver.class)
@PromptName(name = YkmanPromptDriver.NAME)
public final class YkmanPromptDriver implements PromptDriver {
    static final String NAME = "ykman";

    private final PrintStream stderr;

    @Activate
    public YkmanPromptDriver() {
        // The launcher's stderr is the caller's. PromptContext has no stream of its own (yet), so this is the one
        // place a prompt writes to the process's stderr; a resident agent would need the invocation's err stream.
        this(System.err);
    }

    YkmanPromptDriver(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** ykman on the caller's PATH, as in the original (whether a key is plugged in is only known when asking). */
    @Override
    public boolean isAvailable(PromptContext context) {
        return PromptProgram.find(NAME, context.environment()).isPresent();
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        if (request.kind() == PromptRequest.Kind.SECRET) {
            return secretOnTerminal(request, context);
        }
        Map<String, String> env = context.environment();
        String serial = request.mfaSerial().orElseThrow(() -> new PromptException("ykman: no MFA serial to ask for"));
        List<String> arguments = arguments(serial, env);
        PromptProgram.Outcome outcome = PromptProgram.run(NAME, arguments, env, stderr);
        if (outcome.exitCode() != 0) {
            // ykman's own message ("Error: No YubiKey detected!") has just been shown above ours.
            throw new PromptException("ykman " + String.join(" ", arguments) + " failed: exit status "
                    + outcome.exitCode());
        }
        return PromptProgram.answer(NAME, request, outcome.stdout());
    }

    /** The original's command line after {@code ykman}, from the caller's {@code YKMAN_*} variables. */
    static List<String> arguments(String mfaSerial, Map<String, String> env) {
        String credential = env.getOrDefault("YKMAN_OATH_CREDENTIAL_NAME", "");
        if (credential.isEmpty()) {
            credential = mfaSerial;
        }
        List<String> arguments = new ArrayList<>();
        String device = env.getOrDefault("YKMAN_OATH_DEVICE_SERIAL", "");
        if (!device.isEmpty()) {
            arguments.addAll(List.of("--device", device));
        }
        switch (env.getOrDefault("AWS_VAULT_YKMAN_VERSION", "")) {
            case "1", "2", "3" -> arguments.addAll(List.of("oath", "code", "--single", credential));
            default -> arguments.addAll(List.of("oath", "accounts", "code", "--single", credential));
        }
        return arguments;
    }

    private static String secretOnTerminal(PromptRequest request, PromptContext context) {
        char[] secret;
        try {
            secret = context.terminal().readSecret(request.message());
        } catch (TerminalUnavailableException e) {
            throw new PromptException("ykman gives MFA codes only, and there is no terminal to ask \""
                    + request.message().strip() + "\" on (choose another driver with --prompt)");
        }
        if (secret == null) {
            throw new PromptException("no input: the terminal was closed");
        }
        try {
            return new String(secret); // as the terminal driver reads it
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
