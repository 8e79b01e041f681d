package dev.awsvault.prompt.wincredui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.TestPromptContext;

/** The driver with a fake dialog: the call it makes, and what it does with each result. */
class WinCredUiPromptDriverTest {
    static final String SERIAL = "arn:aws:iam::111111111111:mfa/jo";
    static final TestPromptContext CALLER = new TestPromptContext(Map.of());

    /** Records the call and answers with a fixed status and text; keeps the array it handed out. */
    static final class FakeDialog implements CredentialDialog {
        final int status;
        final String typed;
        CredUiCall call;
        char[] handedOut;

        FakeDialog(int status, String typed) {
            this.status = status;
            this.typed = typed;
        }

        @Override
        public Answer show(CredUiCall c) {
            call = c;
            handedOut = typed == null ? null : typed.toCharArray();
            return new Answer(status, handedOut);
        }
    }

    @Test
    void anMfaCodeIsTheTrimmedPasswordFieldOfTheOriginalsDialog() {
        FakeDialog dialog = new FakeDialog(CredUi.NO_ERROR, " 123456 ");
        assertEquals("123456", new WinCredUiPromptDriver(() -> true, dialog).prompt(PromptRequest.mfaCode(SERIAL), CALLER));
        assertEquals(new CredUiCall("Enter MFA code for aws-vault", "Enter MFA code for " + SERIAL + ": ", "aws-vault",
                "111111111111/jo", 0x80 | 0x40000 | 0x100000 | 0x2, 64), dialog.call);
        assertArrayEquals(new char[8], dialog.handedOut, "the typed text is cleared after use");
    }

    @Test
    void aPassphraseKeepsItsSpacesAndHasItsOwnCaption() {
        FakeDialog dialog = new FakeDialog(CredUi.NO_ERROR, " pass phrase ");
        assertEquals(" pass phrase ", new WinCredUiPromptDriver(() -> true, dialog)
                .prompt(PromptRequest.secret("Enter passphrase to unlock \"C:\\k\\\": "), CALLER));
        assertEquals("Enter passphrase for aws-vault", dialog.call.caption());
        assertEquals("Enter passphrase to unlock \"C:\\k\\\": ", dialog.call.message());
        assertEquals("aws-vault", dialog.call.userName());
        assertEquals(257, dialog.call.passwordChars());
    }

    @Test
    void cancelIsAOneLineError() {
        PromptException e = assertThrows(PromptException.class, () -> new WinCredUiPromptDriver(() -> true,
                new FakeDialog(CredUi.ERROR_CANCELLED, null)).prompt(PromptRequest.mfaCode(SERIAL), CALLER));
        assertEquals("wincredui: MFA code prompt cancelled", e.getMessage());
    }

    @Test
    void otherResultsAreFailuresWithTheirCode() {
        PromptException e = assertThrows(PromptException.class, () -> new WinCredUiPromptDriver(() -> true,
                new FakeDialog(87, null)).prompt(PromptRequest.mfaCode(SERIAL), CALLER));
        assertEquals("wincredui: CredUIPromptForCredentialsW failed with error 87", e.getMessage());
    }

    @Test
    void anEmptyAnswerIsRefused() {
        PromptException e = assertThrows(PromptException.class, () -> new WinCredUiPromptDriver(() -> true,
                new FakeDialog(CredUi.NO_ERROR, "  ")).prompt(PromptRequest.mfaCode(SERIAL), CALLER));
        assertEquals("wincredui: no MFA code entered", e.getMessage());
    }

    @Test
    void offWindowsItIsUnavailableAndNeverShowsTheDialog() {
        FakeDialog dialog = new FakeDialog(CredUi.NO_ERROR, "1");
        WinCredUiPromptDriver driver = new WinCredUiPromptDriver(() -> false, dialog);
        assertFalse(driver.isAvailable(CALLER));
        PromptException e = assertThrows(PromptException.class,
                () -> driver.prompt(PromptRequest.mfaCode(SERIAL), CALLER));
        assertEquals("the wincredui prompt is only available on Windows", e.getMessage());
        assertNull(dialog.call);
        assertTrue(new WinCredUiPromptDriver(() -> true, dialog).isAvailable(CALLER), "nothing else is needed");
    }
}
