package dev.awsvault.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.awsvault.launcher.testbundle.TestCommandRunner;
import dev.awsvault.launcher.testplugin.PluginCommandRunner;

/** Throw-away bundles for the tests, packed from the test classes into temporary jars. */
final class TestBundles {
    private TestBundles() {
    }

    /** The SCR bundles copied by the build (target/test-bundles). */
    static List<Path> scr() throws IOException {
        Path dir = Paths.get(System.getProperty("launcher.test.bundles", "target/test-bundles"));
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            entries.forEach(jars::add);
        }
        jars.sort(null);
        if (jars.size() != 4) {
            throw new IllegalStateException("expected SCR and its 3 dependencies in " + dir + ", found " + jars);
        }
        return jars;
    }

    /** A DS bundle whose component provides {@link TestCommandRunner} as the CommandRunner. */
    static Path runner(Path jar, String greeting) throws IOException {
        Map<String, String> headers = headers("test.runner");
        headers.put("Service-Component", "OSGI-INF/runner.xml");
        headers.put("Import-Package", "dev.awsvault.invocation");
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("OSGI-INF/runner.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"test.runner\">\n"
            + "  <implementation class=\"" + TestCommandRunner.class.getName() + "\"/>\n"
            + "  <service><provide interface=\"dev.awsvault.invocation.CommandRunner\"/></service>\n"
            + "</scr:component>\n").getBytes(StandardCharsets.UTF_8));
        // A marker the tests can change to make a "rebuilt" bundle.
        extra.put("greeting.txt", greeting.getBytes(StandardCharsets.UTF_8));
        return write(jar, headers, TestCommandRunner.class, extra);
    }

    /** A bundle whose activator throws. */
    static Path failing(Path jar) throws IOException {
        Map<String, String> headers = headers("test.failing");
        headers.put("Bundle-Activator", "dev.awsvault.launcher.testbundle.FailingActivator");
        headers.put("Import-Package", "org.osgi.framework");
        return write(jar, headers, TestCommandRunner.class, Map.of());
    }

    /** A bundle that cannot resolve. */
    static Path unresolvable(Path jar) throws IOException {
        Map<String, String> headers = headers("test.unresolvable");
        headers.put("Import-Package", "com.example.missing;version=\"[1,2)\"");
        // It does something at start (an activator), so the launcher starts it (libraries are left to resolution).
        headers.put("Bundle-Activator", "test.unresolvable.Activator");
        return write(jar, headers, null, Map.of());
    }

    /** A plugin registering a command runner that outranks the test runner. */
    static Path plugin(Path jar) throws IOException {
        Map<String, String> headers = headers("test.plugin");
        headers.put("Bundle-Activator", PluginCommandRunner.class.getName());
        headers.put("Import-Package", "org.osgi.framework, dev.awsvault.invocation");
        return write(jar, headers, PluginCommandRunner.class, Map.of());
    }

    private static Map<String, String> headers(String symbolicName) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", symbolicName);
        headers.put("Bundle-Version", "1.0.0");
        return headers;
    }

    private static Path classRoot(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path jar, Map<String, String> headers, Class<?> classes, Map<String, byte[]> extra) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Files.createDirectories(jar.getParent());
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, manifest)) {
            if (classes != null) {
                String packagePath = classes.getPackageName().replace('.', '/');
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(classRoot(classes).resolve(packagePath), "*.class")) {
                    for (Path file : entries) {
                        jos.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                        jos.write(Files.readAllBytes(file));
                        jos.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
                jos.putNextEntry(new JarEntry(entry.getKey()));
                jos.write(entry.getValue());
                jos.closeEntry();
            }
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    /** A distribution directory with these bundles listed in bundles/core.list (copied in). */
    static Path distribution(Path home, List<Path> bundles) throws IOException {
        Path dir = Files.createDirectories(home.resolve("bundles"));
        StringBuilder list = new StringBuilder("# test bundle list\n");
        for (Path bundle : bundles) {
            Path target = dir.resolve(bundle.getFileName());
            if (!bundle.equals(target)) {
                Files.copy(bundle, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            list.append(bundle.getFileName()).append('\n');
        }
        Files.writeString(dir.resolve(Distribution.CORE_LIST), list.toString());
        return home;
    }
}
