package dev.awsvault.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where the agent listens (docs/design/agent.md): {@code $AWS_VAULT_AGENT_SOCKET}, else
 * {@code $XDG_RUNTIME_DIR/aws-vault/agent.sock}, else {@code /tmp/aws-vault-<uid>/agent.sock}. The C client computes
 * the same path.
 */
final class AgentSocket {
    static final String SOCKET_VARIABLE = "AWS_VAULT_AGENT_SOCKET";
    static final String SOCKET_NAME = "agent.sock";

    private AgentSocket() {
    }

    static Path path(Map<String, String> env, long uid) {
        String explicit = env.get(SOCKET_VARIABLE);
        if (explicit != null && !explicit.isEmpty()) {
            return Paths.get(explicit);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            return Paths.get(runtime, "aws-vault", SOCKET_NAME);
        }
        return Paths.get("/tmp", "aws-vault-" + uid, SOCKET_NAME);
    }

    /** The current user's uid (-1 where the JDK cannot tell, e.g. Windows). */
    static long uid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Makes the socket's directory ready for the agent: created with mode 0700 when missing; an existing one must be a
     * real directory owned by this user, and is narrowed to 0700 (an attacker's directory in /tmp is refused).
     */
    static void prepareDirectory(Path socket, long uid) {
        Path dir = socket.toAbsolutePath().getParent();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another agent starting at the same moment: checked below
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new LauncherException("the agent's socket directory " + dir + " is not a directory");
            }
            Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid >= 0 && owner instanceof Integer && ((Integer) owner).longValue() != uid) {
                throw new LauncherException("the agent's socket directory " + dir + " belongs to another user");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!perms.equals(PosixFilePermissions.fromString("rwx------"))) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new LauncherException("cannot prepare the agent's socket directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
