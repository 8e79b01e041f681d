package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A child JVM that a seccomp filter denies add_key and keyctl, as container runtimes' default profiles do:
 * the backend reports itself unavailable and open fails with one clear line, instead of failing on first use.
 */
class KeyctlSandboxTest {

    @Test
    void withoutAFilterTheChildSeesTheKeyring() {
        Map<String, String> child = ChildJvm.run(List.of(), "probe", "0");
        assertEquals("true", child.get("available"), child.toString());
        assertEquals("ok", child.get("open"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1  | operation not permitted (EPERM); a sandbox (e.g. a container's seccomp profile) may block it",
        "13 | permission denied (EACCES); a sandbox (e.g. a container's seccomp profile) may block it",
        "38 | the kernel has no key management (CONFIG_KEYS) (ENOSYS)"})
    void aDeniedSystemCallMakesTheBackendUnavailable(int errno, String reason) {
        Map<String, String> child = ChildJvm.run(List.of(), "probe", String.valueOf(errno));
        assertEquals(String.valueOf(errno), child.get("filtered"), "the filter is in place");
        assertEquals("false", child.get("available"));
        assertEquals("the keyctl backend cannot be used here: the kernel refused the keyctl system call: " + reason,
                child.get("open"));
    }
}
