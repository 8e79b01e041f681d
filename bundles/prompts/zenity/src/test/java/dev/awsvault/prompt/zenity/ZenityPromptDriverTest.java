package dev.awsvault.prompt.zenity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.DialogDriverContract;
import dev.awsvault.testing.keystore.StandIn;

/** The dialog-driver contract for zenity (a stand-in, then the real one on Xvfb), and zenity's command line. */
class ZenityPromptDriverTest extends DialogDriverContract {

    ZenityPromptDriverTest() {
        super(new ZenityPromptDriver(), "^aws-vault$",
                new Failure(1, "\n(zenity:13406): Gtk-WARNING **: 19:44:00.777: cannot open display: :77\n"));
    }

    @Test
    void anMfaCodeIsAskedWithTheOriginalsCommandLineTheUnderscoreDoubledForTheLabel() {
        StandIn zenity = standIn("1\n", "", 0);
        driver().prompt(PromptRequest.mfaCode(SERIAL), caller(zenity));
        assertEquals(List.of("--entry", "--title", "aws-vault", "--text",
                "Enter MFA code for arn:aws:iam::111111111111:mfa/first__last: "), zenity.argv());
    }

    @Test
    void aPassphraseIsAskedWithHiddenText() {
        StandIn zenity = standIn("1\n", "", 0);
        driver().prompt(PromptRequest.secret("Enter passphrase to unlock \"/k/\": "), caller(zenity));
        assertEquals(List.of("--entry", "--hide-text", "--title", "aws-vault", "--text",
                "Enter passphrase to unlock \"/k/\": "), zenity.argv());
    }
}
