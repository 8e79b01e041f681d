package dev.awsvault.backend.keyctl;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code keyctl} backend: the Linux kernel keyring, with items as {@code user} keys in the keyring
 * {@code aws-vault} under the user keyring. Kernel keys are lost at reboot, so it is never a default: it has no
 * order and is used only with {@code --backend keyctl}.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = KeyctlKeystoreBackend.NAME)
public final class KeyctlKeystoreBackend implements KeystoreBackend {
    static final String NAME = "keyctl";
    /** The original's service name, which its keyring library uses as the named keyring's description. */
    static final String DEFAULT_RING = "aws-vault";
    /**
     * The original sets no scope (its keyctl backend cannot open, issue #890). The user keyring is shared by all of
     * the user's sessions and terminals and lives until reboot, where a session keyring would be per login.
     */
    static final int SCOPE = KernelKeyring.KEY_SPEC_USER_KEYRING;

    private final String osName;
    private final String osArch;
    private final String ringName;
    private volatile Kernel kernel;

    /** What loading the kernel interface gave: the interface, or why there is none. */
    private record Kernel(KernelKeyring keyring, String unavailable) {
    }

    @Activate
    public KeyctlKeystoreBackend() {
        this(System.getProperty("os.name"), System.getProperty("os.arch"), DEFAULT_RING);
    }

    /** For tests: another platform, or another named keyring so that tests never touch the user's. */
    KeyctlKeystoreBackend(String osName, String osArch, String ringName) {
        this.osName = osName;
        this.osArch = osArch;
        this.ringName = ringName;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable(KeystoreContext context) {
        return unavailableReason().isEmpty();
    }

    /** Cheap: checks that the kernel answers; the named keyring is created on the first write. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new KeystoreException("the keyctl backend cannot be used here: " + reason.get());
        }
        return new KeyctlKeystore(kernel().keyring(), SCOPE, ringName);
    }

    /** Why the kernel keyring cannot be used from this process, or empty when a probe call succeeds. */
    Optional<String> unavailableReason() {
        Kernel loaded = kernel();
        if (loaded.unavailable() != null) {
            return Optional.of(loaded.unavailable());
        }
        try {
            loaded.keyring().keyringId(SCOPE, true);
            return Optional.empty();
        } catch (KeyctlFailure e) {
            return Optional.of(probeFailure(e.errno()));
        }
    }

    /** The one-line reason for a failed probe call. */
    static String probeFailure(int errno) {
        if (Errno.refusesKeyrings(errno)) {
            return "the kernel refused the keyctl system call: " + Errno.describe(errno)
                    + (errno == Errno.ENOSYS ? "" : "; a sandbox (e.g. a container's seccomp profile) may block it");
        }
        return "the user keyring cannot be reached: " + Errno.describe(errno);
    }

    /** Why this platform has no kernel keyring for us, or null when it may have one. */
    static String platformProblem(String osName, String osArch) {
        if (osName == null || !osName.equalsIgnoreCase("Linux")) {
            return "the kernel keyring exists only on Linux (this is " + osName + ")";
        }
        if (SyscallNumbers.forArch(osArch).isEmpty()) {
            return "the CPU architecture \"" + osArch + "\" is not supported (x86_64 and aarch64 are)";
        }
        return null;
    }

    private Kernel kernel() {
        Kernel loaded = kernel;
        if (loaded == null) {
            String problem = platformProblem(osName, osArch);
            if (problem != null) {
                loaded = new Kernel(null, problem);
            } else {
                try {
                    loaded = new Kernel(KernelKeyring.load(SyscallNumbers.forArch(osArch).orElseThrow()), null);
                } catch (LinkageError e) {
                    loaded = new Kernel(null, "cannot load libc through JNA: " + e.getMessage());
                }
            }
            kernel = loaded;
        }
        return loaded;
    }
}
