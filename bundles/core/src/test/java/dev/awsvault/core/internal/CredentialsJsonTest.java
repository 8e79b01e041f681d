package dev.awsvault.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.keystore.KeystoreException;

class CredentialsJsonTest {
    /** The payload aws-vault v7.2.0 wrote for the fixture's {@code home} profile (decrypted). */
    static final String ORIGINAL = "{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":"
            + "\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,"
            + "\"Expires\":\"0001-01-01T00:00:00Z\"}";

    @Test
    void writesExactlyWhatTheOriginalWrites() {
        byte[] b = CredentialsJson.writeLongTerm(AwsCredentials.of("AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertEquals(ORIGINAL, new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void readsTheOriginalAndTheForksExtraField() {
        AwsCredentials c = CredentialsJson.readLongTerm(ORIGINAL.getBytes(StandardCharsets.UTF_8), "home");
        assertEquals("AKIAIOSFODNN7EXAMPLE", c.accessKeyId());
        assertFalse(c.canExpire());
        String fork = "{\"accesskeyid\":\"AKIA1\",\"SecretAccessKey\":\"s\",\"AccountID\":\"123\",\"Expires\":\"0001-01-01T00:00:00Z\"}";
        assertEquals("AKIA1", CredentialsJson.readLongTerm(fork.getBytes(StandardCharsets.UTF_8), "x").accessKeyId());
    }

    @Test
    void goEscapesHtmlCharacters() {
        byte[] b = CredentialsJson.writeLongTerm(AwsCredentials.of("A<B", "s&>\u2028"));
        String s = new String(b, StandardCharsets.UTF_8);
        assertTrue(s.contains("\"A\\u003cB\""), s);
        assertTrue(s.contains("\"s\\u0026\\u003e\\u2028\""), s);
    }

    @Test
    void garbageIsAOneLineErrorWithoutContent() {
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> CredentialsJson.readLongTerm("{\"SecretAccessKey\":\"CANARY\"".getBytes(StandardCharsets.UTF_8), "p"));
        assertFalse(e.getMessage().contains("CANARY"));
        assertThrows(KeystoreException.class, () -> CredentialsJson.readLongTerm("[]".getBytes(StandardCharsets.UTF_8), "p"));
    }
}
