package dev.awsvault.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's plugins: every {@code *.jar} in {@code $AWS_VAULT_PLUGINS_DIR}, else in
 * {@code ${XDG_DATA_HOME:-~/.local/share}/aws-vault/plugins} when that exists. Plugins run with the user's
 * credentials in reach, so the directory (and each jar) must belong to the user and must not be writable by group or
 * others; anything else is refused. Under {@code sudo} (root, with {@code SUDO_USER} set: the EC2 server's
 * {@code proxy}, say) no plugin is loaded at all: code that runs as root must come with the installation only.
 */
final class PluginsDirectory {
    static final String ENV = "AWS_VAULT_PLUGINS_DIR";

    private PluginsDirectory() {
    }

    /** Where plugins come from for this environment, if anywhere. */
    static Optional<Path> locate(Map<String, String> env) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isEmpty()) {
            return Optional.of(Paths.get(explicit).toAbsolutePath().normalize());
        }
        Path dataHome = XdgDirs.dataHome(env);
        if (dataHome == null) {
            return Optional.empty();
        }
        Path dir = dataHome.resolve("aws-vault").resolve("plugins");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The directory {@code plugins install} copies jars into, whether or not it exists yet (passed to the framework
     * as {@link EmbeddedFramework#PLUGINS_DIR_PROPERTY}); empty under sudo, where no plugin is loaded.
     */
    static Optional<Path> target(Map<String, String> env, UserIdentity user) {
        if (underSudo(env, user)) {
            return Optional.empty();
        }
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isEmpty()) {
            return Optional.of(Paths.get(explicit).toAbsolutePath().normalize());
        }
        Path dataHome = XdgDirs.dataHome(env);
        return dataHome == null ? Optional.empty() : Optional.of(dataHome.resolve("aws-vault").resolve("plugins"));
    }

    /** The plugin jars for this environment, sorted by name, after the ownership and permission checks. */
    static List<Path> plugins(Map<String, String> env, UserIdentity user) {
        if (underSudo(env, user)) {
            return List.of();
        }
        Optional<Path> dir = locate(env);
        if (dir.isEmpty()) {
            return List.of();
        }
        return jars(dir.get(), user);
    }

    /** Root acting for another user: {@code sudo} sets {@code SUDO_USER}. */
    static boolean underSudo(Map<String, String> env, UserIdentity user) {
        String sudoUser = env.get("SUDO_USER");
        return sudoUser != null && !sudoUser.isEmpty() && user.owns(0, "root");
    }

    static List<Path> jars(Path dir, UserIdentity user) {
        if (!Files.isDirectory(dir)) {
            throw new LauncherException("plugins directory " + dir + " does not exist");
        }
        check(dir, "plugins directory " + dir, user);
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : entries) {
                if (Files.isRegularFile(jar)) {
                    check(jar, "plugin " + jar, user);
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new LauncherException("cannot list plugins directory " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(jars);
        return jars;
    }

    /** Refuses {@code path} unless it is owned by the current user and not writable by group or others. */
    static void check(Path path, String what, UserIdentity user) {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
            return; // no POSIX permissions here (Windows): the ACLs of the user profile apply
        }
        PosixFileAttributes attributes;
        int uid;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
            uid = (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new LauncherException("cannot check " + what + ": " + e.getMessage(), e);
        }
        if (!user.owns(uid, attributes.owner().getName())) {
            throw new LauncherException(what + " is not owned by the current user");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new LauncherException(what + " is group- or world-writable");
        }
    }
}
