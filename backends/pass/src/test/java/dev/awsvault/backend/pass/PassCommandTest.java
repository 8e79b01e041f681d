package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one-line summary of pass's stderr, and the PATH search, without running anything. */
class PassCommandTest {

    @Test
    void gpgChatterIsSkipped() {
        assertEquals("gpg: decryption failed: No secret key", PassCommand.summary(
                "gpg: encrypted with 255-bit ECDH key, ID 0123456789ABCDEF, created 2026-11-28\n"
                        + "      \"aws-vault test <t@example.invalid>\"\n"
                        + "gpg: decryption failed: No secret key\n"));
        assertEquals("gpg: decryption failed: No secret key", PassCommand.summary(
                "gpg: keyblock resource '/x/pubring.kbx': No such file or directory\n"
                        + "gpg: decryption failed: No secret key\n"));
        assertEquals("gpg: [stdin]: encryption failed: No public key", PassCommand.summary(
                "gpg: [stdin]: encryption failed: No public key\nPassword encryption aborted.\n"));
    }

    @Test
    void passErrorsKeepTheirContinuationLines() {
        assertEquals("Error: You must run: pass init your-gpg-id before you may use the password store.",
                PassCommand.summary("Error: You must run:\n    pass init your-gpg-id\nbefore you may use the password"
                        + " store.\n"));
        assertEquals("Error: x is not in the password store.",
                PassCommand.summary("\nError: x is not in the password store.\ngpg: something else\n"));
    }

    @Test
    void theSummaryIsOneShortLine() {
        assertEquals("", PassCommand.summary(""));
        assertEquals("ab c", PassCommand.summary("a\u001b[0mb\tc"), "colours dropped, controls made spaces");
        String summary = PassCommand.summary("x".repeat(1000));
        assertEquals(301, summary.length());
        assertTrue(summary.endsWith("…"));
    }

    @Test
    void findLooksOnTheCallersPathOnly() {
        assertEquals(Path.of("/bin/sh"), PassCommand.find("sh", Map.of("PATH", "/nonexistent:/bin")));
        assertNull(PassCommand.find("sh", Map.of("PATH", "relative/bin:")));
        assertNull(PassCommand.find("sh", Map.of()));
        assertEquals(Path.of("/bin/sh"), PassCommand.find("/bin/sh", Map.of()));
        assertNull(PassCommand.find("", Map.of("PATH", "/bin")));
        assertNull(PassCommand.find("/bin", Map.of()));
    }
}
