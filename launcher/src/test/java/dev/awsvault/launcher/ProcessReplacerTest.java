package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.jna.Platform;

/** The parts of the exec path that run in-process; the execve itself is tested end to end (LauncherDistributionIT). */
class ProcessReplacerTest {

    @Test
    void theNativeDirectoryMatchesJnasOwnPrefix() {
        assertEquals(Platform.RESOURCE_PREFIX,
            ProcessReplacer.jnaResourcePrefix(System.getProperty("os.name"), System.getProperty("os.arch")));
        assertEquals("linux-x86-64", ProcessReplacer.jnaResourcePrefix("Linux", "amd64"));
        assertEquals("linux-aarch64", ProcessReplacer.jnaResourcePrefix("Linux", "aarch64"));
        assertEquals("darwin-aarch64", ProcessReplacer.jnaResourcePrefix("Mac OS X", "aarch64"));
        assertEquals("darwin-x86-64", ProcessReplacer.jnaResourcePrefix("Mac OS X", "x86_64"));
        assertNull(ProcessReplacer.jnaResourcePrefix("Windows 11", "amd64"));
        assertNull(ProcessReplacer.jnaResourcePrefix("Linux", "riscv64"));
    }

    @Test
    void theEnvironmentBecomesSortedNameValueStrings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "2");
        env.put("A", "x=y");
        assertArrayEquals(new String[] {"A=x=y", "B=2"}, ProcessReplacer.environment(env));
    }

    @Test
    void theOpenDescriptorsIncludeTheStandardOnes() {
        List<Integer> fds = ProcessReplacer.openDescriptors();
        assertTrue(fds.containsAll(List.of(0, 1, 2)), fds.toString());
    }
}
