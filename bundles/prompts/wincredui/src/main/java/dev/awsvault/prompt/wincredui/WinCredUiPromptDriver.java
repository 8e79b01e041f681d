package dev.awsvault.prompt.wincredui;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;

/**
 * Asks in the Windows credentials dialog, as the original's {@code wincredui} driver: {@code CredUIPromptForCredentialsW}
 * with the serial as a read-only user name; what is typed in the password field is the answer, trimmed for an MFA
 * code. Available on Windows only, where it needs neither a terminal nor anything on PATH.
 */
@Component(service = PromptDriver.class)
@PromptName(name = WinCredUiPromptDriver.NAME)
public final class WinCredUiPromptDriver implements PromptDriver {
    static final String NAME = "wincredui";

    private final BooleanSupplier onWindows;
    private final CredentialDialog dialog;

    @Activate
    public WinCredUiPromptDriver() {
        this(() -> System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                new NativeCredentialDialog());
    }

    WinCredUiPromptDriver(BooleanSupplier onWindows, CredentialDialog dialog) {
        this.onWindows = onWindows;
        this.dialog = dialog;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Windows, as the original registers it there only; no native code is loaded to find out. */
    @Override
    public boolean isAvailable(PromptContext context) {
        return onWindows.getAsBoolean();
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        if (!onWindows.getAsBoolean()) {
            throw new PromptException("the wincredui prompt is only available on Windows");
        }
        CredentialDialog.Answer answer;
        try {
            answer = dialog.show(CredUiCall.of(request));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) { // JNA or credui.dll missing: not a stack trace
            throw new PromptException("wincredui: unable to load credui.dll: " + e.getMessage());
        }
        if (answer.status() == CredUi.ERROR_CANCELLED) {
            throw new PromptException(NAME + ": " + subject(request) + " prompt cancelled");
        }
        if (answer.status() != CredUi.NO_ERROR) {
            throw new PromptException("wincredui: CredUIPromptForCredentialsW failed with error " + answer.status());
        }
        char[] typed = answer.password();
        try {
            String text = new String(typed);
            String result = request.kind() == PromptRequest.Kind.SECRET ? text : text.strip();
            if (result.isEmpty()) {
                throw new PromptException(NAME + ": no " + subject(request) + " entered");
            }
            return result;
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private static String subject(PromptRequest request) {
        return request.kind() == PromptRequest.Kind.SECRET ? "passphrase" : "MFA code";
    }
}
