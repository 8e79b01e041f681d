package dev.awsvault.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

import dev.awsvault.api.AwsVaultException;

/** A jar offered to {@code plugins install}, checked before the framework sees it: a readable jar with a bundle manifest. */
final class PluginJar {
    private final Path path;
    private final String symbolicName;
    private final Version version;

    private PluginJar(Path path, String symbolicName, Version version) {
        this.path = path;
        this.symbolicName = symbolicName;
        this.version = version;
    }

    /** Reads and checks the jar; a one-line user error when it is not a jar or not an OSGi bundle. */
    static PluginJar read(Path path) {
        if (!Files.exists(path)) {
            throw new AwsVaultException(path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new AwsVaultException(path + " is not a file");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(path.toFile())) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            throw new AwsVaultException(path + " is not a jar file");
        } catch (IOException | SecurityException e) {
            throw new AwsVaultException("cannot read " + path + ": " + e.getMessage());
        }
        if (manifest == null) {
            throw new AwsVaultException(path + " is not an OSGi bundle (it has no manifest)");
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (name == null || name.isBlank()) {
            throw new AwsVaultException(path + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)");
        }
        int directives = name.indexOf(';');
        String symbolicName = (directives < 0 ? name : name.substring(0, directives)).strip();
        Version version;
        try {
            String v = main.getValue(Constants.BUNDLE_VERSION);
            version = v == null ? Version.emptyVersion : Version.parseVersion(v.strip());
        } catch (IllegalArgumentException e) {
            throw new AwsVaultException(path + " has an invalid Bundle-Version: " + e.getMessage());
        }
        return new PluginJar(path, symbolicName, version);
    }

    Path path() {
        return path;
    }

    String symbolicName() {
        return symbolicName;
    }

    Version version() {
        return version;
    }

    String fileName() {
        return path.getFileName().toString();
    }
}
