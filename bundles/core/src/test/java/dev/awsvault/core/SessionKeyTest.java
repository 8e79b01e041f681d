package dev.awsvault.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SessionKeyTest {

    @Test
    void formatsAsTheOriginal() {
        SessionKey k = new SessionKey("sts.GetSessionToken", "work", "arn:aws:iam::1111:mfa/john",
                Instant.ofEpochSecond(1685001234));
        assertEquals("sts.GetSessionToken,d29yaw,YXJuOmF3czppYW06OjExMTE6bWZhL2pvaG4,1685001234", k.toString());
        assertEquals(k, SessionKey.parse(k.toString()).orElseThrow());
    }

    @Test
    void emptyMfaGivesAnEmptyField() {
        SessionKey k = new SessionKey("credential_process", "p", "", Instant.ofEpochSecond(5));
        assertEquals("credential_process,cA,,5", k.toString());
        assertEquals("", SessionKey.parse("credential_process,cA,,5").orElseThrow().mfaSerial());
    }

    @Test
    void recognisesLegacyKeysAndNothingElse() {
        assertTrue(SessionKey.isLegacySessionKey("session,cA,,1685001234"));
        assertTrue(SessionKey.isLegacySessionKey("session:work:arn:1685001234"));
        assertTrue(SessionKey.isLegacySessionKey("work session (1685001234)"));
        assertFalse(SessionKey.isSessionKey("session,cA,,1685001234"));
        assertFalse(SessionKey.isSessionKey("work/admin"));
        assertFalse(SessionKey.isSessionKey("oidc:https://x.awsapps.com/start"));
        assertFalse(SessionKey.isLegacySessionKey("home"));
    }
}
