package dev.awsvault.backend.keyctl;

import java.util.Map;

/** The errno values the key-management calls return (the same on x86_64 and aarch64), as user-facing text. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int EDQUOT = 122;
    static final int ENOKEY = 126;
    static final int EKEYEXPIRED = 127;
    static final int EKEYREVOKED = 128;
    static final int EKEYREJECTED = 129;

    private static final Map<Integer, String[]> KNOWN = Map.ofEntries(
            Map.entry(EPERM, new String[] {"EPERM", "operation not permitted"}),
            Map.entry(ENOENT, new String[] {"ENOENT", "no such key in the keyring"}),
            Map.entry(ENOMEM, new String[] {"ENOMEM", "out of kernel memory"}),
            Map.entry(EACCES, new String[] {"EACCES", "permission denied"}),
            Map.entry(EFAULT, new String[] {"EFAULT", "bad address"}),
            Map.entry(ENOTDIR, new String[] {"ENOTDIR", "not a keyring"}),
            Map.entry(EINVAL, new String[] {"EINVAL", "invalid argument"}),
            Map.entry(ENOSYS, new String[] {"ENOSYS", "the kernel has no key management (CONFIG_KEYS)"}),
            Map.entry(EOPNOTSUPP, new String[] {"EOPNOTSUPP", "operation not supported for this key type"}),
            Map.entry(EDQUOT, new String[] {"EDQUOT", "the kernel's key quota for this user is full "
                    + "(/proc/sys/kernel/keys/maxbytes and maxkeys)"}),
            Map.entry(ENOKEY, new String[] {"ENOKEY", "key not found"}),
            Map.entry(EKEYEXPIRED, new String[] {"EKEYEXPIRED", "the key has expired"}),
            Map.entry(EKEYREVOKED, new String[] {"EKEYREVOKED", "the key has been revoked"}),
            Map.entry(EKEYREJECTED, new String[] {"EKEYREJECTED", "the key was rejected"}));

    private Errno() {
    }

    /** One line for a user: {@code permission denied (EACCES)}. */
    static String describe(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "error " + errno : known[1] + " (" + known[0] + ")";
    }

    /**
     * Whether a failed probe means the kernel keyring cannot be used from this process at all: no key management in
     * the kernel ({@code ENOSYS}), or a sandbox refusing the calls (container seccomp profiles return {@code EPERM},
     * other policies {@code EACCES}).
     */
    static boolean refusesKeyrings(int errno) {
        return errno == ENOSYS || errno == EPERM || errno == EACCES;
    }

    /** Whether the key asked for is, for a reader, not there (never was, or is being garbage-collected). */
    static boolean meansNoKey(int errno) {
        return errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED;
    }
}
