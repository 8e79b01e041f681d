package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SyscallNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "x86_64", "X86-64"})
    void x86_64(String osArch) {
        SyscallNumbers numbers = SyscallNumbers.forArch(osArch).orElseThrow();
        assertEquals(248, numbers.addKey());
        assertEquals(250, numbers.keyctl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64", "arm64"})
    void aarch64(String osArch) {
        SyscallNumbers numbers = SyscallNumbers.forArch(osArch).orElseThrow();
        assertEquals(217, numbers.addKey());
        assertEquals(219, numbers.keyctl());
    }

    /** Others are left out: i386 numbers the calls 286/288; riscv64 shares the generic numbers but is untested. */
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"x86", "i386", "arm", "riscv64", "ppc64le", "s390x", "loongarch64", ""})
    void anyOtherArchitectureHasNone(String osArch) {
        assertEquals(Optional.empty(), SyscallNumbers.forArch(osArch));
    }

    @Test
    void theMachineRunningTheTestsIsSupported() {
        assertEquals(true, SyscallNumbers.forArch(System.getProperty("os.arch")).isPresent(),
                "the kernel tests need x86_64 or aarch64");
    }
}
