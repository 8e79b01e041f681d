package dev.awsvault.api.prompt;

import java.util.Objects;
import java.util.Optional;

/** What to ask: an MFA code for a device, or a secret (a passphrase), with the text to show. */
public final class PromptRequest {

    /** The kinds of answer a prompt asks for. */
    public enum Kind {
        /** A one-time code for {@link PromptRequest#mfaSerial()}; may be echoed. */
        MFA_CODE,
        /** A secret such as a passphrase; never echoed. */
        SECRET
    }

    private final Kind kind;
    private final String message;
    private final String mfaSerial;

    private PromptRequest(Kind kind, String message, String mfaSerial) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.message = Objects.requireNonNull(message, "message");
        this.mfaSerial = mfaSerial;
    }

    /** An MFA code request with the original's text {@code Enter MFA code for <serial>: }. */
    public static PromptRequest mfaCode(String mfaSerial) {
        return new PromptRequest(Kind.MFA_CODE, "Enter MFA code for " + mfaSerial + ": ", mfaSerial);
    }

    /** A secret request showing {@code message} as it is. */
    public static PromptRequest secret(String message) {
        return new PromptRequest(Kind.SECRET, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The text to show, exactly as the original shows it. */
    public String message() {
        return message;
    }

    public Optional<String> mfaSerial() {
        return Optional.ofNullable(mfaSerial);
    }

    @Override
    public String toString() {
        return "PromptRequest[" + kind + ", " + message + "]";
    }
}
