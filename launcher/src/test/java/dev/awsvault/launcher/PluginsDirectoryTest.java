package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsDirectoryTest {
    @TempDir
    Path home;
    UserIdentity me;
    int myUid;

    @BeforeEach
    void setUp() throws IOException {
        myUid = (Integer) Files.getAttribute(home, "unix:uid");
        me = UserIdentity.ofUid(myUid);
    }

    private Path dir(String name, String permissions) throws IOException {
        Path dir = Files.createDirectories(home.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
        return dir;
    }

    @Test
    void theEnvironmentOverrideWins() throws IOException {
        Path explicit = dir("explicit", "rwx------");
        dir("data/aws-vault/plugins", "rwx------");
        Map<String, String> env = Map.of("AWS_VAULT_PLUGINS_DIR", explicit.toString(), "HOME", home.toString(),
            "XDG_DATA_HOME", home.resolve("data").toString());
        assertEquals(Optional.of(explicit), PluginsDirectory.locate(env));
    }

    @Test
    void theXdgDataDirectoryIsUsedOnlyWhenItExists() throws IOException {
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.resolve("data").toString());
        assertEquals(Optional.empty(), PluginsDirectory.locate(env));
        assertEquals(List.of(), PluginsDirectory.plugins(env, me));
        Path plugins = dir("data/aws-vault/plugins", "rwx------");
        assertEquals(Optional.of(plugins), PluginsDirectory.locate(env));
    }

    @Test
    void withoutXdgDataHomeItIsUnderHome() throws IOException {
        Path plugins = dir(".local/share/aws-vault/plugins", "rwx------");
        assertEquals(Optional.of(plugins), PluginsDirectory.locate(Map.of("HOME", home.toString())));
        // a relative XDG_DATA_HOME is ignored, as the XDG specification says
        assertEquals(Optional.of(plugins), PluginsDirectory.locate(Map.of("HOME", home.toString(), "XDG_DATA_HOME", "rel")));
    }

    @Test
    void rootUnderSudoLoadsNoPlugins() throws IOException {
        Path plugins = dir("plugins", "rwx------");
        Files.createFile(plugins.resolve("a.jar"));
        Map<String, String> env = Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString(), "SUDO_USER", "alice");
        assertEquals(List.of(), PluginsDirectory.plugins(env, UserIdentity.ofUid(0)));
        // the same user without sudo keeps its plugins; sudo to a user other than root is not root
        assertEquals(List.of(plugins.resolve("a.jar")),
                PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), me));
        assertTrue(PluginsDirectory.underSudo(env, UserIdentity.ofUid(0)));
        assertFalse(PluginsDirectory.underSudo(env, UserIdentity.ofUid(1000)));
        assertFalse(PluginsDirectory.underSudo(Map.of("SUDO_USER", ""), UserIdentity.ofUid(0)));
    }

    @Test
    void listsTheJarsSorted() throws IOException {
        Path plugins = dir("plugins", "rwx------");
        Files.writeString(plugins.resolve("b.jar"), "b");
        Files.writeString(plugins.resolve("a.jar"), "a");
        Files.writeString(plugins.resolve("notes.txt"), "not a plugin");
        Files.createDirectory(plugins.resolve("dir.jar"));
        List<Path> jars = PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), me);
        assertEquals(List.of(plugins.resolve("a.jar"), plugins.resolve("b.jar")), jars);
    }

    @Test
    void refusesAWorldWritableDirectory() throws IOException {
        Path plugins = dir("plugins", "rwxrwxrwx");
        LauncherException e = assertThrows(LauncherException.class,
            () -> PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), me));
        assertEquals("plugins directory " + plugins + " is group- or world-writable", e.getMessage());
    }

    @Test
    void refusesAGroupWritableDirectory() throws IOException {
        Path plugins = dir("plugins", "rwxrwx---");
        LauncherException e = assertThrows(LauncherException.class,
            () -> PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), me));
        assertEquals("plugins directory " + plugins + " is group- or world-writable", e.getMessage());
    }

    @Test
    void refusesADirectoryOfAnotherUser() throws IOException {
        Path plugins = dir("plugins", "rwx------");
        LauncherException e = assertThrows(LauncherException.class,
            () -> PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), UserIdentity.ofUid(myUid + 1)));
        assertEquals("plugins directory " + plugins + " is not owned by the current user", e.getMessage());
    }

    @Test
    void refusesAWritablePluginInAGoodDirectory() throws IOException {
        Path plugins = dir("plugins", "rwx------");
        Path jar = Files.writeString(plugins.resolve("evil.jar"), "x");
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
        LauncherException e = assertThrows(LauncherException.class,
            () -> PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", plugins.toString()), me));
        assertEquals("plugin " + jar + " is group- or world-writable", e.getMessage());
    }

    @Test
    void aMissingExplicitDirectoryIsAnError() {
        Path missing = home.resolve("missing");
        LauncherException e = assertThrows(LauncherException.class,
            () -> PluginsDirectory.plugins(Map.of("AWS_VAULT_PLUGINS_DIR", missing.toString()), me));
        assertEquals("plugins directory " + missing + " does not exist", e.getMessage());
    }

    @Test
    void theCurrentUserOwnsItsTemporaryFiles() {
        assertTrue(UserIdentity.current().owns(myUid, "whoever"));
    }

    @Test
    void theInstallTargetIsNamedEvenBeforeItExistsButNotUnderSudo() {
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.resolve("data").toString());
        assertEquals(Optional.of(home.resolve("data/aws-vault/plugins")), PluginsDirectory.target(env, me));
        assertEquals(Optional.of(home.resolve("explicit")),
            PluginsDirectory.target(Map.of("AWS_VAULT_PLUGINS_DIR", home.resolve("explicit").toString()), me));
        assertEquals(Optional.empty(), PluginsDirectory.target(Map.of("HOME", home.toString(), "SUDO_USER", "alice"),
            UserIdentity.ofUid(0)));
    }
}
