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
 * its native library) and {@code bundles/} with {@code bundles/bundles.list}, the jar file names to install, one a
 * line (blank lines and {@code #} comments ignored).
 */
final class Distribution {
    static final String HOME_PROPERTY = "aws-vault.home";
    static final String BUNDLE_LIST = "bundles.list";

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

    Path bundlesDirectory() {
        return home.resolve("bundles");
    }

    Path libDirectory() {
        return home.resolve("lib");
    }

    /** The bundle jars listed in {@code bundles/bundles.list}, in order; each must exist. */
    List<Path> bundles() {
        Path list = bundlesDirectory().resolve(BUNDLE_LIST);
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LauncherException("broken installation: " + list + " is missing");
        } catch (IOException e) {
            throw new LauncherException("cannot read " + list + ": " + e.getMessage(), e);
        }
        return parseBundleList(bundlesDirectory(), lines);
    }

    static List<Path> parseBundleList(Path directory, List<String> lines) {
        List<Path> bundles = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Path jar = directory.resolve(line).normalize();
            if (!jar.startsWith(directory)) {
                throw new LauncherException("broken installation: " + line + " in " + BUNDLE_LIST + " is outside " + directory);
            }
            if (!Files.isRegularFile(jar)) {
                throw new LauncherException("broken installation: bundle " + jar + " is missing");
            }
            bundles.add(jar);
        }
        if (bundles.isEmpty()) {
            throw new LauncherException("broken installation: " + directory.resolve(BUNDLE_LIST) + " lists no bundles");
        }
        return bundles;
    }
}
