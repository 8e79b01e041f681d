package dev.awsvault.backend.keyctl;

import java.util.Locale;
import java.util.Optional;

/**
 * The numbers of the key-management system calls, which differ by architecture. Only the architectures listed
 * here are supported; anywhere else the backend is unavailable rather than calling a wrong system call.
 */
record SyscallNumbers(String architecture, int addKey, int keyctl) {

    /** From the kernel's {@code arch/x86/entry/syscalls/syscall_64.tbl}. */
    static final SyscallNumbers X86_64 = new SyscallNumbers("x86_64", 248, 250);
    /** From the generic table ({@code include/uapi/asm-generic/unistd.h}) that arm64 uses. */
    static final SyscallNumbers AARCH64 = new SyscallNumbers("aarch64", 217, 219);

    /** The numbers for a JVM {@code os.arch} value, or empty when the architecture is not supported. */
    static Optional<SyscallNumbers> forArch(String osArch) {
        if (osArch == null) {
            return Optional.empty();
        }
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x86-64":
                return Optional.of(X86_64);
            case "aarch64":
            case "arm64":
                return Optional.of(AARCH64);
            default:
                return Optional.empty();
        }
    }
}
