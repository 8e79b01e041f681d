package dev.awsvault.prompt.kdialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.DialogDriverContract;
import dev.awsvault.testing.keystore.StandIn;

/** The dialog-driver contract for kdialog (a stand-in, then the real one on Xvfb), and kdialog's command line. */
class KdialogPromptDriverTest extends DialogDriverContract {

    /** Qt adds the application's name to the window title: {@code aws-vault — KDialog}. */
    KdialogPromptDriverTest() {
        super(new KdialogPromptDriver(), "^aws-vault", new Failure(134,
                "qt.qpa.xcb: could not connect to display :77\nqt.qpa.plugin: Could not load the Qt platform plugin\n"));
    }

    @Test
    void anMfaCodeIsAskedWithTheOriginalsCommandLine() {
        StandIn kdialog = standIn("1\n", "", 0);
        driver().prompt(PromptRequest.mfaCode(SERIAL), caller(kdialog));
        assertEquals(List.of("--inputbox", "Enter MFA code for " + SERIAL + ": ", "--title", "aws-vault"),
                kdialog.argv());
    }

    @Test
    void aPassphraseIsAskedInAPasswordBoxTheAmpersandDoubledForTheLabel() {
        StandIn kdialog = standIn("1\n", "", 0);
        driver().prompt(PromptRequest.secret("Enter passphrase to unlock \"/a&b_c/\": "), caller(kdialog));
        assertEquals(List.of("--password", "Enter passphrase to unlock \"/a&&b_c/\": ", "--title", "aws-vault"),
                kdialog.argv());
    }
}
