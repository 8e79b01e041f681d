package dev.awsvault.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsVaultException;

class PluginJarTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSymbolicNameWithoutDirectivesAndTheVersion() throws IOException {
        Path jar = jar("good.jar", "com.example.x;singleton:=true", "1.2.3.qualifier");
        PluginJar plugin = PluginJar.read(jar);
        assertEquals("com.example.x", plugin.symbolicName());
        assertEquals("1.2.3.qualifier", plugin.version().toString());
        assertEquals("good.jar", plugin.fileName());
    }

    @Test
    void aFileThatIsNotAZipIsNotAJar() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jar"), "hello");
        assertEquals(text + " is not a jar file", assertThrows(AwsVaultException.class, () -> PluginJar.read(text)).getMessage());
    }

    @Test
    void aJarWithoutManifestOrSymbolicNameIsNotABundle() throws IOException {
        Path noManifest = dir.resolve("bare.jar");
        try (OutputStream out = Files.newOutputStream(noManifest); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.closeEntry();
        }
        assertEquals(noManifest + " is not an OSGi bundle (it has no manifest)",
                assertThrows(AwsVaultException.class, () -> PluginJar.read(noManifest)).getMessage());
        Path plain = jar("plain.jar", null, null);
        assertEquals(plain + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)",
                assertThrows(AwsVaultException.class, () -> PluginJar.read(plain)).getMessage());
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        Path missing = dir.resolve("missing.jar");
        assertEquals(missing + " does not exist", assertThrows(AwsVaultException.class, () -> PluginJar.read(missing)).getMessage());
        assertEquals(dir + " is not a file", assertThrows(AwsVaultException.class, () -> PluginJar.read(dir)).getMessage());
    }

    @Test
    void aBadVersionIsRefused() throws IOException {
        Path jar = jar("bad.jar", "x", "one.two");
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> PluginJar.read(jar));
        assertEquals(true, e.getMessage().startsWith(jar + " has an invalid Bundle-Version: "), e.getMessage());
    }

    private Path jar(String name, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            manifest.getMainAttributes().putValue("Bundle-Version", version);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }
}
