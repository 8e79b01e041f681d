package dev.awsvault.prompt.wincredui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptRequest;

/** The arguments of the CredUI call, as the original works them out. */
class CredUiCallTest {

    @Test
    void theUserNameIsTheSerialWithoutItsArnPrefixAndMfaMarker() {
        assertEquals("111111111111/jo", CredUiCall.shortSerial("arn:aws:iam::111111111111:mfa/jo"));
        assertEquals("111111111111/path/jo", CredUiCall.shortSerial("arn:aws:iam::111111111111:mfa/path/jo"));
        assertEquals("GAHT12345678", CredUiCall.shortSerial("GAHT12345678"), "a hardware serial stays as it is");
        assertEquals("111/a/b", CredUiCall.shortSerial("arn:aws:iam::111:mfa/a:mfa/b"), "every :mfa, as Go's ReplaceAll");
    }

    @Test
    void theFlagsAreTheOriginalsPlusDoNotPersist() {
        assertEquals(0x00080, CredUi.CREDUI_FLAGS_ALWAYS_SHOW_UI);
        assertEquals(0x40000, CredUi.CREDUI_FLAGS_GENERIC_CREDENTIALS);
        assertEquals(0x100000, CredUi.CREDUI_FLAGS_KEEP_USERNAME);
        assertEquals(0x2, CredUi.CREDUI_FLAGS_DO_NOT_PERSIST);
        assertEquals(0x140082, CredUiCall.of(PromptRequest.mfaCode("arn:aws:iam::1:mfa/x")).flags());
        assertEquals(0x140082, CredUiCall.of(PromptRequest.secret("p: ")).flags());
        assertEquals(1223, CredUi.ERROR_CANCELLED);
    }

    @Test
    void theMfaCallHasTheOriginalsTexts() {
        CredUiCall call = CredUiCall.of(PromptRequest.mfaCode("arn:aws:iam::111:mfa/jo"));
        assertEquals("Enter MFA code for aws-vault", call.caption());
        assertEquals("Enter MFA code for arn:aws:iam::111:mfa/jo: ", call.message());
        assertEquals("aws-vault", call.target());
        assertEquals("111/jo", call.userName());
        assertEquals(64, call.passwordChars());
    }
}
