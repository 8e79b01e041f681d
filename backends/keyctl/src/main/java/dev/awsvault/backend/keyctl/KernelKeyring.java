package dev.awsvault.backend.keyctl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The kernel's key-management calls ({@code add_key(2)}, {@code keyctl(2)}), made through libc's {@code syscall()}
 * so that no libkeyutils is needed. Payload buffers are zeroed before they are freed.
 */
final class KernelKeyring {
    // keyctl(2) operations, from include/uapi/linux/keyctl.h
    static final int KEYCTL_GET_KEYRING_ID = 0;
    static final int KEYCTL_SETPERM = 5;
    static final int KEYCTL_DESCRIBE = 6;
    static final int KEYCTL_LINK = 8;
    static final int KEYCTL_UNLINK = 9;
    static final int KEYCTL_SEARCH = 10;
    static final int KEYCTL_READ = 11;

    // Special keyring ids, resolved by the kernel for the calling process
    static final int KEY_SPEC_PROCESS_KEYRING = -2;
    static final int KEY_SPEC_USER_KEYRING = -4;

    /** libc, with the variadic {@code long syscall(long number, ...)}. */
    interface LibC extends Library {
        long syscall(long number, Object... args);
    }

    private final LibC libc;
    private final SyscallNumbers numbers;

    private KernelKeyring(LibC libc, SyscallNumbers numbers) {
        this.libc = libc;
        this.numbers = numbers;
    }

    /** Binds libc; throws {@link LinkageError} when JNA or libc cannot be loaded. */
    static KernelKeyring load(SyscallNumbers numbers) {
        return new KernelKeyring(Native.load(Platform.C_LIBRARY_NAME, LibC.class), numbers);
    }

    /** {@code KEYCTL_GET_KEYRING_ID}: the serial of a special keyring; the cheapest call that touches keyrings. */
    int keyringId(int special, boolean create) throws KeyctlFailure {
        return (int) keyctl("keyctl(GET_KEYRING_ID)", KEYCTL_GET_KEYRING_ID, special, create ? 1 : 0, 0, 0);
    }

    /**
     * {@code add_key(2)}: creates a key in {@code keyring}, or updates in place (atomically) the key of the same
     * type and description already linked there. A {@code null} payload is for keyrings.
     */
    int addKey(String type, String description, byte[] payload, int keyring) throws KeyctlFailure {
        try (Memory typeText = cString(type); Memory descriptionText = cString(description);
                Memory data = payload == null || payload.length == 0 ? null : new Memory(payload.length)) {
            if (data != null) {
                data.write(0, payload, 0, payload.length);
            }
            try {
                long serial = libc.syscall(numbers.addKey(), address(typeText), address(descriptionText),
                        address(data), (long) (payload == null ? 0 : payload.length), (long) keyring);
                if (serial == -1) {
                    throw new KeyctlFailure("add_key", Native.getLastError());
                }
                return (int) serial;
            } finally {
                if (data != null) {
                    data.clear();
                }
            }
        }
    }

    /** {@code KEYCTL_SEARCH}: the key of that type and description in {@code keyring} or a keyring nested in it. */
    int search(int keyring, String type, String description) throws KeyctlFailure {
        try (Memory typeText = cString(type); Memory descriptionText = cString(description)) {
            return (int) keyctl("keyctl(SEARCH)", KEYCTL_SEARCH, keyring, address(typeText),
                    address(descriptionText), 0);
        }
    }

    /** {@code KEYCTL_READ}: a key's payload, or a keyring's list of linked serials. */
    byte[] read(int key) throws KeyctlFailure {
        return readAll("keyctl(READ)", KEYCTL_READ, key);
    }

    /** {@code KEYCTL_DESCRIBE}: {@code type;uid;gid;perm;description}. */
    String describe(int key) throws KeyctlFailure {
        byte[] text = readAll("keyctl(DESCRIBE)", KEYCTL_DESCRIBE, key);
        int length = text.length > 0 && text[text.length - 1] == 0 ? text.length - 1 : text.length;
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }

    /** {@code KEYCTL_LINK}: links {@code key} into {@code keyring}, displacing a key of the same type and description. */
    void link(int key, int keyring) throws KeyctlFailure {
        keyctl("keyctl(LINK)", KEYCTL_LINK, key, keyring, 0, 0);
    }

    /** {@code KEYCTL_UNLINK}: removes the link; the kernel destroys a key once nothing links it. */
    void unlink(int key, int keyring) throws KeyctlFailure {
        keyctl("keyctl(UNLINK)", KEYCTL_UNLINK, key, keyring, 0, 0);
    }

    /** {@code KEYCTL_SETPERM}: needs the key's setattr permission, which by default only its possessor has. */
    void setPermissions(int key, int permissions) throws KeyctlFailure {
        keyctl("keyctl(SETPERM)", KEYCTL_SETPERM, key, Integer.toUnsignedLong(permissions), 0, 0);
    }

    /** Decodes {@code KEYCTL_READ} of a keyring: 32-bit serials in the machine's byte order. */
    static int[] serials(byte[] raw, ByteOrder order) {
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
        int[] serials = new int[raw.length / Integer.BYTES];
        for (int i = 0; i < serials.length; i++) {
            serials[i] = buffer.getInt();
        }
        return serials;
    }

    /** Calls that fill a buffer report the full size; ask with no buffer, then again while it has grown. */
    private byte[] readAll(String call, int operation, int key) throws KeyctlFailure {
        long size = keyctl(call, operation, key, 0, 0, 0);
        while (size > 0) {
            try (Memory buffer = new Memory(size)) {
                try {
                    long full = keyctl(call, operation, key, Pointer.nativeValue(buffer), size, 0);
                    if (full <= size) {
                        return buffer.getByteArray(0, (int) full);
                    }
                    size = full;
                } finally {
                    buffer.clear();
                }
            }
        }
        return new byte[0];
    }

    private long keyctl(String call, int operation, long arg2, long arg3, long arg4, long arg5) throws KeyctlFailure {
        long result = libc.syscall(numbers.keyctl(), (long) operation, arg2, arg3, arg4, arg5);
        if (result == -1) {
            throw new KeyctlFailure(call, Native.getLastError());
        }
        return result;
    }

    private static Memory cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    private static long address(Pointer pointer) {
        return pointer == null ? 0L : Pointer.nativeValue(pointer);
    }
}
