package dev.awsvault.prompt.kdialog;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptName;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.prompt.program.PromptProgram;

/**
 * Asks in a KDE (Qt) dialog, as the original's {@code kdialog} driver: {@code kdialog --inputbox "Enter MFA code for
 * <serial>: " --title aws-vault}, the answer on stdout, trimmed. A passphrase is asked with {@code --password} in
 * place of {@code --inputbox} (no echo, and the text still shows). Exit status 1 is Cancel, Escape or closing.
 */
@Component(service = PromptDriver.class)
@PromptName(name = KdialogPromptDriver.NAME)
public final class KdialogPromptDriver implements PromptDriver {
    static final String NAME = "kdialog";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * kdialog on the caller's PATH, as in the original, and a display to show it on. The original checks PATH only;
     * we also want {@code DISPLAY} or {@code WAYLAND_DISPLAY} in the caller's environment, because a dialog without
     * a display can never be answered (kdialog then aborts), and the automatic choice, which takes kdialog before
     * every other driver, should move on to one that can ask. macOS and Windows builds of Qt need no such variable.
     */
    @Override
    public boolean isAvailable(PromptContext context) {
        return PromptProgram.isDialogAvailable(NAME, context.environment());
    }

    @Override
    public String prompt(PromptRequest request, PromptContext context) {
        return PromptProgram.askInDialog(NAME, arguments(request), request, context.environment(),
                "could not connect to display", "cannot open display");
    }

    /** The command line after {@code kdialog}: the original's for an MFA code, {@code --password} for a secret. */
    static List<String> arguments(PromptRequest request) {
        String kind = request.kind() == PromptRequest.Kind.SECRET ? "--password" : "--inputbox";
        return List.of(kind, label(request.message()), "--title", "aws-vault");
    }

    /**
     * The message as Qt's label shows it: {@code &} marks a mnemonic there, so it is doubled (the original passes it
     * as it is, and a path such as {@code /a&b} loses its {@code &}).
     */
    static String label(String message) {
        return message.replace("&", "&&");
    }
}
