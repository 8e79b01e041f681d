package dev.awsvault.prompt.wincredui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;

import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.testing.keystore.TestPromptContext;

/**
 * On Windows: the real {@code CredUIPromptForCredentialsW} call shows its dialog (found by its caption) and closing
 * it is a cancel. A wrong structure or argument would make the call fail at once (ERROR_INVALID_PARAMETER, 87)
 * instead of showing a window.
 */
@EnabledOnOs(OS.WINDOWS)
class RealDialogTest {

    @Test
    void theDialogAppearsWithItsCaptionAndClosingItIsACancel() throws Exception {
        User32 user32 = Native.load("user32", User32.class);
        AtomicBoolean seen = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            long end = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < end) {
                Pointer window = user32.FindWindowW(null, new WString("Enter MFA code for aws-vault"));
                if (window != null) {
                    seen.set(true);
                    user32.PostMessageW(window, User32.WM_CLOSE, null, null);
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        closer.start();
        PromptException e = assertThrows(PromptException.class, () -> new WinCredUiPromptDriver()
                .prompt(PromptRequest.mfaCode("arn:aws:iam::111111111111:mfa/jo"), new TestPromptContext(Map.of())));
        closer.join();
        assertTrue(seen.get(), "the dialog was shown");
        assertEquals("wincredui: MFA code prompt cancelled", e.getMessage());
    }
}
