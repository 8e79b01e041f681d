package dev.awsvault.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The installed distribution: {@code bin/aws-vault}, {@code lib/} (this jar, Felix, the invocation contract, JNA and
 * its native library) and {@code bundles/}: the jars of every feature and one list per feature ({@code core.list},
 * {@code linux.list}, {@code macos.list}, {@code windows.list}) naming the jars to install, one a line (blank lines and
 * {@code #} comments ignored). The launcher installs the list of the OS it runs on (the core feature plus that OS's
 * keystore backends), else {@code core.list}: one distribution runs everywhere, and a bundle meant for another OS is
 * never even installed.
 */
final class Distribution {
    static final String HOME_PROPERTY = "aws-vault.home";
    static final String CORE_LIST = "core.list";

    private final Path home;

    Distribution(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The distribution the running launcher belongs to: {@code -Daws-vault.home}, else the parent of {@code lib/}. */
    static Distribution current() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isEmpty()) {
            return new Distribution(Paths.get(property));
        }
        try {
            Path jar = Paths.get(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            return new Distribution(lib != null && lib.getParent() != null ? lib.getParent() : jar);
        } catch (URISyntaxException | RuntimeException e) {
            throw new LauncherException("cannot find the aws-vault installation (set -D" + HOME_PROPERTY + ")", e);
        }
    }

    Path home() {
        return home;
    }

    /**
     * This build's identity ({@code lib/dist.id}: version and build stamp): an agent serves only clients of its own
     * build. "unknown" when the file is missing (a development tree).
     */
    String id() {
        try {
            String text = java.nio.file.Files.readString(libDirectory().resolve("dist.id"), java.nio.charset.StandardCharsets.UTF_8);
            return text.strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    Path bundlesDirectory() {
        return home.resolve("bundles");
    }

    Path libDirectory() {
        return home.resolve("lib");
    }

    /** The feature list for an OS ({@code os.name}): {@code linux.list}, {@code macos.list}, {@code windows.list}, else none. */
    static String featureList(String osName) {
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux.list";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "macos.list";
        }
        if (os.startsWith("windows")) {
            return "windows.list";
        }
        return null;
    }

    /** The list this launcher installs: its OS's feature when the distribution has it, else the core feature. */
    Path bundleList() {
        String os = featureList(System.getProperty("os.name"));
        if (os != null && Files.isRegularFile(bundlesDirectory().resolve(os))) {
            return bundlesDirectory().resolve(os);
        }
        return bundlesDirectory().resolve(CORE_LIST);
    }

    /** The bundle jars of {@link #bundleList()}, in order; each must exist. */
    List<Path> bundles() {
        Path list = bundleList();
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LauncherException("broken installation: " + list + " is missing");
        } catch (IOException e) {
            throw new LauncherException("cannot read " + list + ": " + e.getMessage(), e);
        }
        return parseBundleList(bundlesDirectory(), list.getFileName().toString(), lines);
    }

    static List<Path> parseBundleList(Path directory, String listName, List<String> lines) {
        List<Path> bundles = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Path jar = directory.resolve(line).normalize();
            if (!jar.startsWith(directory)) {
                throw new LauncherException("broken installation: " + line + " in " + listName + " is outside " + directory);
            }
            if (!Files.isRegularFile(jar)) {
                throw new LauncherException("broken installation: bundle " + jar + " is missing");
            }
            bundles.add(jar);
        }
        if (bundles.isEmpty()) {
            throw new LauncherException("broken installation: " + directory.resolve(listName) + " lists no bundles");
        }
        return bundles;
    }
}
