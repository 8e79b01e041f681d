package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.testing.keystore.Peers;

/**
 * A full per-user key quota (EDQUOT) is a one-line error without the payload, and nothing stored is lost. Root's
 * quota is 25 MB, so as root the child runs as {@code nobody} (quota 20,000 bytes by default), in a session of its
 * own; as any other user it runs as that user.
 */
class KeyctlQuotaTest {
    private static final String NOBODY = "65534";

    @TempDir
    Path folder;

    @Test
    void aFullQuotaIsAClearErrorAndLosesNothing() throws Exception {
        Peers.require("keyctl");
        String ring = TestRings.newRingName();
        List<String> wrapper = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        List<String> jvmOptions = new ArrayList<>();
        boolean root = Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        if (root) {
            wrapper.addAll(List.of(Peers.require("setpriv").toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            classPath = ChildJvm.worldReadableClassPath(Files.createDirectories(folder.resolve("cp")));
            Path jnaFolder = Files.createDirectories(folder.resolve("jna"));
            Files.setPosixFilePermissions(jnaFolder, PosixFilePermissions.fromString("rwxrwxrwx"));
            jvmOptions.addAll(List.of("-Djna.tmpdir=" + jnaFolder, "-Djava.io.tmpdir=" + jnaFolder,
                    "-XX:-UsePerfData"));
        }
        wrapper.addAll(List.of("keyctl", "session", "-"));
        Map<String, String> child = ChildJvm.run(wrapper, classPath, jvmOptions, "quota", ring);

        String full = "the kernel's key quota for this user is full (/proc/sys/kernel/keys/maxbytes and maxkeys) "
                + "(EDQUOT); no item was changed";
        assertEquals("cannot store \"second\" in the kernel keyring: " + full, child.get("second"));
        assertEquals("cannot store \"first\" in the kernel keyring: " + full, child.get("bigger"));
        assertEquals("true", child.get("firstIntact"), "the replaced item keeps its old payload");
        assertEquals("[first]", child.get("keys"));
        assertFalse(child.toString().contains("aaaa") || child.toString().contains("cccc"), "no payload in messages");
        if (root) {
            // The child unlinked its keyring; nobody's user keyring holds nothing of ours
            String left = TestRings.run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "keyctl", "session", "-", "keyctl", "search", "@u", "keyring", ring), null).text();
            assertEquals("", left);
        }
    }
}
