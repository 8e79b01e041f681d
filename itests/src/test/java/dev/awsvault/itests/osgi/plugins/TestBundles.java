package dev.awsvault.itests.osgi.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes small plugin jars for the bad-input cases of the plugin tests (java.util.jar only: what a third party's
 * broken build might produce).
 */
public final class TestBundles {
    private TestBundles() {
    }

    /** A jar whose manifest has no Bundle-SymbolicName. */
    public static Path plainJar(Path file) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return write(file, manifest, null, null);
    }

    /** A bundle importing {@code dev.awsvault.api.keystore} in {@code range} and nothing else. */
    public static Path importing(Path file, String symbolicName, String range) {
        Manifest manifest = bundleManifest(symbolicName);
        manifest.getMainAttributes().putValue("Import-Package", "dev.awsvault.api.keystore;version=\"" + range + "\"");
        return write(file, manifest, null, null);
    }

    /** A bundle with one DS component: {@code implementation} registered as a KeystoreBackend named {@code name}. */
    public static Path backend(Path file, String symbolicName, Class<?> implementation, String name) {
        Manifest manifest = bundleManifest(symbolicName);
        manifest.getMainAttributes().putValue("Import-Package", "dev.awsvault.api.keystore;version=\"[1.0,2)\"");
        manifest.getMainAttributes().putValue("Service-Component", "OSGI-INF/component.xml");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + symbolicName + "\">\n"
                + "  <implementation class=\"" + implementation.getName() + "\"/>\n"
                + "  <service><provide interface=\"dev.awsvault.api.keystore.KeystoreBackend\"/></service>\n"
                + "  <property name=\"awsvault.keystore.name\" value=\"" + name + "\"/>\n"
                + "</scr:component>\n";
        return write(file, manifest, xml, implementation);
    }

    private static Manifest bundleManifest(String symbolicName) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        return manifest;
    }

    private static Path write(Path file, Manifest manifest, String componentXml, Class<?> implementation) {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (componentXml != null) {
                jar.putNextEntry(new JarEntry("OSGI-INF/component.xml"));
                jar.write(componentXml.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            if (implementation != null) {
                String entry = implementation.getName().replace('.', '/') + ".class";
                try (InputStream classFile = implementation.getClassLoader().getResourceAsStream(entry)) {
                    if (classFile == null) {
                        throw new IllegalStateException("class file " + entry + " not found");
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    classFile.transferTo(jar);
                    jar.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
