package dev.awsvault.prompt.osascript;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.prompt.program.PromptProgram;

/**
 * Asks in a macOS dialog, as the original's {@code osascript} driver: {@code osascript -e <script>} where the script
 * is {@code display dialog "Enter MFA code for <serial>: " default answer "" buttons {"OK", "Cancel"} default
 * button 1}, then {@code text returned of the result}; the answer is stdout, trimmed. A passphrase is asked
 * {@code with hidden answer}. Cancel makes osascript fail with AppleScript's error -128 ("User canceled.").
 */
@Component(service = PromptDriver.class)
@PromptName(name = OsascriptPromptDriver.NAME)
public final class OsascriptPromptDriver implements PromptDriver {
    static final String NAME = "osascript";

    private final BooleanSupplier onMacos;

    @Activate
    public OsascriptPromptDriver() {
        this(PromptProgram::isMacos);
    }

    OsascriptPromptDriver(BooleanSupplier onMacos) {
        this.onMacos = onMacos;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** macOS with osascript on the caller's PATH (the original checks PATH only; osascript exists only there). */
    @Override
    public boolean isAvailable(PromptContext context) {
        return onMacos.getAsBoolean() && PromptProgram.find(NAME, context.environment()).isPresent();
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        Map<String, String> env = context.environment();
        PromptProgram.Outcome outcome = PromptProgram.run(NAME, List.of("-e", script(request)), env, null);
        if (outcome.exitCode() == 0) {
            return PromptProgram.answer(NAME, request, outcome.stdout());
        }
        if (outcome.stderr().contains("(-128)")) { // "execution error: User canceled. (-128)"
            throw PromptProgram.cancelled(NAME, request);
        }
        throw PromptProgram.failed(NAME, outcome);
    }

    /** The AppleScript: the original's, with {@code with hidden answer} for a secret. */
    static String script(PromptRequest request) {
        String hidden = request.kind() == PromptRequest.Kind.SECRET ? " with hidden answer" : "";
        return "display dialog " + appleScriptString(request.message()) + " default answer \"\"" + hidden
                + " buttons {\"OK\", \"Cancel\"} default button 1\n"
                + "text returned of the result\n"
                + "return result";
    }

    /**
     * {@code s} as an AppleScript string literal: in double quotes, with backslash and double quote escaped, so that
     * a serial or path can never end the string and run as script.
     */
    static String appleScriptString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
