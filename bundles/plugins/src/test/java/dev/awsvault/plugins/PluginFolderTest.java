package dev.awsvault.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsVaultException;

class PluginFolderTest {
    @TempDir
    Path tmp;

    @Test
    void copyInCreatesThePrivateFolderAndAPrivateJar() throws IOException {
        Path source = Files.write(tmp.resolve("p.jar"), new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        PluginFolder folder = new PluginFolder(tmp.resolve("data/aws-vault/plugins"));
        Path copy = folder.copyIn(source, "p.jar");
        assertEquals(tmp.resolve("data/aws-vault/plugins/p.jar"), copy);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(copy));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.path())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertEquals(List.of(copy), folder.jars(), "no temporary file is left behind");
        try (var entries = Files.list(folder.path())) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void copyInReplacesAJarOfTheSameName() throws IOException {
        PluginFolder folder = new PluginFolder(tmp.resolve("plugins"));
        folder.copyIn(Files.write(tmp.resolve("a"), new byte[] {1}), "p.jar");
        Path copy = folder.copyIn(Files.write(tmp.resolve("b"), new byte[] {2}), "p.jar");
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(copy));
    }

    @Test
    void aGroupWritableFolderIsRefusedAsTheLauncherWouldRefuseIt() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("plugins"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> new PluginFolder(dir).prepare());
        assertEquals("the plugins directory " + dir + " is group- or world-writable, so aws-vault would not load "
                + "plugins from it; run chmod go-w on it", e.getMessage());
    }

    @Test
    void locationsInTheFolderNameTheirJarWithOrWithoutReference() {
        PluginFolder folder = new PluginFolder(tmp.resolve("plugins"));
        Path jar = tmp.resolve("plugins/x.jar");
        assertEquals(jar.toUri().toString(), folder.location("x.jar"));
        assertEquals(Optional.of(jar), folder.jarOf(folder.location("x.jar")));
        assertEquals(Optional.of(jar), folder.jarOf("reference:" + folder.location("x.jar")));
        assertFalse(folder.jarOf(tmp.resolve("elsewhere/x.jar").toUri().toString()).isPresent());
        assertFalse(folder.jarOf(tmp.resolve("plugins/sub/x.jar").toUri().toString()).isPresent());
        assertFalse(folder.jarOf("mvn:com.example/x/1.0").isPresent());
        assertFalse(folder.jarOf(null).isPresent());
    }

    @Test
    void noPropertyNoFolder() {
        assertTrue(PluginFolder.fromProperty(null).isEmpty());
        assertTrue(PluginFolder.fromProperty(" ").isEmpty());
        assertEquals(tmp, PluginFolder.fromProperty(tmp.toString()).orElseThrow().path());
    }
}
