package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.testing.keystore.TestKeystoreContext;

class KeyctlKeystoreBackendTest {
    @TempDir
    Path home;

    @Test
    void identity() {
        assertEquals("keyctl", new KeyctlKeystoreBackend().name());
        assertEquals("aws-vault", KeyctlKeystoreBackend.DEFAULT_RING);
        assertEquals(KernelKeyring.KEY_SPEC_USER_KEYRING, KeyctlKeystoreBackend.SCOPE);
    }

    /** Registered under its name with no default order: kernel keys are lost at reboot. */
    @Test
    void theComponentHasANameAndNoDefaultOrder() throws Exception {
        try (InputStream xml = getClass().getResourceAsStream(
                "/OSGI-INF/dev.awsvault.backend.keyctl.KeyctlKeystoreBackend.xml")) {
            String text = new String(xml.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("<property name=\"awsvault.keystore.name\" type=\"String\" value=\"keyctl\"/>"),
                    text);
            assertTrue(text.contains("name=\"awsvault.keystore.order\" type=\"Integer\" value=\"2147483647\""), text);
            assertTrue(text.contains("<provide interface=\"dev.awsvault.api.keystore.KeystoreBackend\"/>"), text);
        }
    }

    @Test
    void availableOnThisMachine() {
        assertTrue(TestRings.backend("unused").isAvailable(new TestKeystoreContext(home)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Linux    | riscv64 | the CPU architecture \"riscv64\" is not supported (x86_64 and aarch64 are)",
        "Linux    | x86     | the CPU architecture \"x86\" is not supported (x86_64 and aarch64 are)",
        "Mac OS X | aarch64 | the kernel keyring exists only on Linux (this is Mac OS X)",
        "Windows 11 | amd64 | the kernel keyring exists only on Linux (this is Windows 11)"})
    void unavailableElsewhereWithoutCallingAnything(String osName, String osArch, String reason) {
        KeyctlKeystoreBackend backend = new KeyctlKeystoreBackend(osName, osArch, "unused");
        assertFalse(backend.isAvailable(new TestKeystoreContext(home)));
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> backend.open(new TestKeystoreContext(home)));
        assertEquals("the keyctl backend cannot be used here: " + reason, e.getMessage());
        assertEquals(reason, KeyctlKeystoreBackend.platformProblem(osName, osArch));
    }

    @Test
    void linuxOnASupportedArchitectureIsNoProblem() {
        assertNull(KeyctlKeystoreBackend.platformProblem("Linux", "amd64"));
        assertNull(KeyctlKeystoreBackend.platformProblem("Linux", "aarch64"));
    }

    @Test
    void probeFailures() {
        assertEquals("the kernel refused the keyctl system call: operation not permitted (EPERM); a sandbox "
                + "(e.g. a container's seccomp profile) may block it", KeyctlKeystoreBackend.probeFailure(Errno.EPERM));
        assertEquals("the kernel refused the keyctl system call: the kernel has no key management (CONFIG_KEYS) "
                + "(ENOSYS)", KeyctlKeystoreBackend.probeFailure(Errno.ENOSYS));
        assertEquals("the user keyring cannot be reached: out of kernel memory (ENOMEM)",
                KeyctlKeystoreBackend.probeFailure(Errno.ENOMEM));
    }
}
