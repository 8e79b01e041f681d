package dev.awsvault.prompt.zenity;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.prompt.program.PromptProgram;

/**
 * Asks in a GTK dialog, as the original's {@code zenity} driver: {@code zenity --entry --title aws-vault --text
 * "Enter MFA code for <serial>: "}, the answer on stdout, trimmed. A passphrase is asked with {@code --hide-text}
 * added, so that it is not echoed while the dialog still shows which vault it unlocks ({@code --password} cannot show
 * a text). Exit status 1 is Cancel, Escape or closing the window.
 */
@Component(service = PromptDriver.class)
@PromptName(name = ZenityPromptDriver.NAME)
public final class ZenityPromptDriver implements PromptDriver {
    static final String NAME = "zenity";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * zenity on the caller's PATH, as in the original, and a display to show it on. The original checks PATH only;
     * we also want {@code DISPLAY} or {@code WAYLAND_DISPLAY} in the caller's environment, because a dialog without
     * a display can never be answered (zenity then fails with the same exit status as Cancel), and the automatic
     * choice should move on to a driver that can ask. macOS and Windows builds of GTK need no such variable.
     */
    @Override
    public boolean isAvailable(PromptContext context) {
        return PromptProgram.isDialogAvailable(NAME, context.environment());
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        return PromptProgram.askInDialog(NAME, arguments(request), request, context.environment(),
                "cannot open display"); // GTK's "cannot open display: :77"; its exit status is Cancel's
    }

    /** The command line after {@code zenity}: the original's for an MFA code, with {@code --hide-text} for a secret. */
    static List<String> arguments(PromptRequest request) {
        String text = label(request.message());
        if (request.kind() == PromptRequest.Kind.SECRET) {
            return List.of("--entry", "--hide-text", "--title", "aws-vault", "--text", text);
        }
        return List.of("--entry", "--title", "aws-vault", "--text", text);
    }

    /**
     * The message as zenity's label shows it: the label reads {@code _} as a mnemonic marker, so {@code _} is doubled
     * (the original passes it as it is, and a serial such as {@code mfa/first_last} shows as {@code firstlast}).
     */
    static String label(String message) {
        return message.replace("_", "__");
    }
}
