package dev.awsvault.backend.keyctl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * A child JVM for what a test cannot do to its own process: run under a seccomp filter, in another keyring session,
 * or as another user. Prints {@code name=value} lines.
 *
 * <ul>
 * <li>{@code probe <errno>}: denies add_key and keyctl with that errno (0: no filter), then probes the backend.</li>
 * <li>{@code write <ring> <key> <hex payload>}: stores one item and prints the keys.</li>
 * <li>{@code quota <ring>}: fills the per-user quota and prints what each write said.</li>
 * </ul>
 */
public final class KeyctlChild {
    interface LibC extends Library {
        int prctl(int option, Object... args);
    }

    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_SET_SECCOMP = 22;
    private static final long SECCOMP_MODE_FILTER = 2;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;

    private KeyctlChild() {
    }

    public static void main(String[] args) throws Exception {
        TestKeystoreContext context = new TestKeystoreContext(Path.of(System.getProperty("java.io.tmpdir")));
        switch (args[0]) {
            case "probe" -> {
                int errno = Integer.parseInt(args[1]);
                if (errno != 0) {
                    denyKeyctl(errno);
                }
                KeyctlKeystoreBackend backend = TestRings.backend(TestRings.newRingName());
                System.out.println("available=" + backend.isAvailable(context));
                try (Keystore keystore = backend.open(context)) {
                    System.out.println("open=ok");
                } catch (KeystoreException e) {
                    System.out.println("open=" + e.getMessage());
                }
            }
            case "write" -> {
                try (Keystore keystore = TestRings.backend(args[1]).open(context)) {
                    keystore.set(new KeystoreItem(args[2], HexFormat.of().parseHex(args[3]), "", "", false, false));
                    System.out.println("keys=" + keystore.keys());
                }
            }
            case "quota" -> quota(args[1], context);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** 12,000 bytes fit the default 20,000-byte quota of a non-root user; a second item or a 21,000-byte one do not. */
    private static void quota(String ring, TestKeystoreContext context) throws Exception {
        try (Keystore keystore = TestRings.backend(ring).open(context)) {
            keystore.set(item("first", 'a', 12_000));
            System.out.println("second=" + attempt(keystore, item("second", 'b', 12_000)));
            System.out.println("bigger=" + attempt(keystore, item("first", 'c', 21_000)));
            Optional<KeystoreItem> first = keystore.get("first");
            System.out.println("firstIntact=" + first.map(i -> new String(i.data(), StandardCharsets.US_ASCII)
                    .equals("a".repeat(12_000))).orElse(false));
            System.out.println("keys=" + keystore.keys());
        } finally {
            TestRings.destroy(ring);
        }
    }

    private static KeystoreItem item(String key, char fill, int length) {
        return new KeystoreItem(key, String.valueOf(fill).repeat(length).getBytes(StandardCharsets.US_ASCII), "", "",
                false, false);
    }

    private static String attempt(Keystore keystore, KeystoreItem item) {
        try {
            keystore.set(item);
            return "stored";
        } catch (KeystoreException e) {
            return e.getMessage();
        }
    }

    /**
     * A seccomp filter on this thread (where the probe then runs) that fails add_key and keyctl with {@code errno},
     * as container runtimes' default profiles do with EPERM.
     */
    private static void denyKeyctl(int errno) {
        SyscallNumbers numbers = SyscallNumbers.forArch(System.getProperty("os.arch")).orElseThrow();
        int[][] program = {
            {0x20, 0, 0, 0}, // load the syscall number (seccomp_data.nr)
            {0x15, 2, 0, numbers.addKey()}, // equal: jump to the denial
            {0x15, 1, 0, numbers.keyctl()},
            {0x06, 0, 0, SECCOMP_RET_ALLOW},
            {0x06, 0, 0, SECCOMP_RET_ERRNO | errno},
        };
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        try (Memory filter = new Memory(8L * program.length); Memory fprog = new Memory(16)) {
            for (int i = 0; i < program.length; i++) {
                filter.setShort(8L * i, (short) program[i][0]);
                filter.setByte(8L * i + 2, (byte) program[i][1]);
                filter.setByte(8L * i + 3, (byte) program[i][2]);
                filter.setInt(8L * i + 4, program[i][3]);
            }
            fprog.clear();
            fprog.setShort(0, (short) program.length); // struct sock_fprog { unsigned short len; filter *; }
            fprog.setPointer(8, filter);
            if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0
                    || libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, Pointer.nativeValue(fprog), 0L, 0L) != 0) {
                throw new IllegalStateException("cannot install the seccomp filter: errno " + Native.getLastError());
            }
        }
        System.out.println("filtered=" + errno);
    }
}
