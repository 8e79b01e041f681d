import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Writes a feature's {@code bundles.list}: the file names of the jars bnd exported for a bndrun, one a line, in
 * the bndrun's {@code -runbundles} order (the order the launcher installs them in).
 *
 * <p>Run as a single-file program by the feature's build:
 * {@code java BundlesList.java <bndrun> <exportDir> <out> [<resolvedBndrun> <failOnChanges>]}.
 * Fails (exit 1) when a {@code -runbundles} entry has no jar, or several, or when a jar matches no entry, so the
 * zip holds exactly the resolved list. Given the bndrun the resolver just wrote, it also fails when the committed
 * {@code -runbundles} differ from it as a set (bnd's own check compares lists, and its writer reorders them).
 */
public final class BundlesList {

    private BundlesList() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 5) {
            fail("usage: java BundlesList.java <bndrun> <exportDir> <outFile> [<resolvedBndrun> <failOnChanges>]");
        }
        Path bndrun = Path.of(args[0]);
        Path exportDir = Path.of(args[1]);
        Path out = Path.of(args[2]);

        List<Clause> runbundles = runbundles(bndrun);
        if (args.length == 5 && Boolean.parseBoolean(args[4])) {
            checkDrift(bndrun, runbundles, Path.of(args[3]));
        }
        if (runbundles.isEmpty()) {
            fail(bndrun + ": -runbundles is empty; resolve the feature first");
        }
        Map<String, Identity> jars = jars(exportDir);

        List<String> lines = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Clause clause : runbundles) {
            List<String> matches = new ArrayList<>();
            for (Map.Entry<String, Identity> jar : jars.entrySet()) {
                if (jar.getValue().bsn.equals(clause.bsn) && clause.range.includes(jar.getValue().version)) {
                    matches.add(jar.getKey());
                }
            }
            if (matches.size() != 1) {
                fail(bndrun + ": -runbundles entry " + clause + " matches " + matches.size()
                        + " exported jars " + matches + " in " + exportDir);
            }
            lines.add(matches.get(0));
            used.add(matches.get(0));
        }
        Set<String> extra = new HashSet<>(jars.keySet());
        extra.removeAll(used);
        if (!extra.isEmpty()) {
            fail(exportDir + " holds jars that are not in -runbundles: " + extra);
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("[bundles.list] " + lines.size() + " bundles -> " + out);
    }

    /** Fails when the committed list and the resolver's differ as sets of {@code bsn;version} clauses. */
    private static void checkDrift(Path committed, List<Clause> have, Path resolved) throws IOException {
        if (!Files.isRegularFile(resolved)) {
            fail(resolved + " is missing: the resolver did not run");
        }
        Set<String> expected = new java.util.TreeSet<>();
        for (Clause c : runbundles(resolved)) {
            expected.add(c.text.replaceAll("\\s", ""));
        }
        Set<String> actual = new java.util.TreeSet<>();
        for (Clause c : have) {
            actual.add(c.text.replaceAll("\\s", ""));
        }
        if (!expected.equals(actual)) {
            Set<String> missing = new java.util.TreeSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new java.util.TreeSet<>(actual);
            extra.removeAll(expected);
            fail(committed + ": the committed -runbundles no longer match what resolves (missing " + missing
                    + ", not resolved " + extra + "); after a deliberate change copy -runbundles from " + resolved
                    + " (written by a build with -Dfeature.failOnChanges=false) and commit it");
        }
    }

    private static List<Clause> runbundles(Path bndrun) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(bndrun, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String value = properties.getProperty("-runbundles", "").trim();
        List<Clause> clauses = new ArrayList<>();
        for (String text : split(value, ',')) {
            if (text.isBlank()) {
                continue;
            }
            List<String> parts = split(text, ';');
            String bsn = parts.get(0).trim();
            VersionRange range = VersionRange.ANY;
            for (String attribute : parts.subList(1, parts.size())) {
                int eq = attribute.indexOf('=');
                if (eq > 0 && attribute.substring(0, eq).trim().equals("version")) {
                    range = VersionRange.parse(unquote(attribute.substring(eq + 1).trim()));
                }
            }
            clauses.add(new Clause(bsn, range, text.trim()));
        }
        return clauses;
    }

    private static Map<String, Identity> jars(Path dir) throws IOException {
        Map<String, Identity> jars = new LinkedHashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : stream) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Manifest manifest = file.getManifest();
                    Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
                    String bsn = main.getValue("Bundle-SymbolicName");
                    if (bsn == null) {
                        fail(jar + " is not a bundle (no Bundle-SymbolicName)");
                    }
                    String version = main.getValue("Bundle-Version");
                    jars.put(jar.getFileName().toString(), new Identity(split(bsn, ';').get(0).trim(),
                            Version.parse(version == null ? "0.0.0" : version.trim())));
                }
            }
        }
        return jars;
    }

    /** Splits on {@code separator} outside single or double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static void fail(String message) {
        System.err.println("[bundles.list] ERROR: " + message);
        System.exit(1);
    }

    private record Clause(String bsn, VersionRange range, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private record Identity(String bsn, Version version) {
    }

    private record Version(int major, int minor, int micro, String qualifier) implements Comparable<Version> {
        static Version parse(String text) {
            String[] parts = text.split("\\.", 4);
            return new Version(parts.length > 0 ? Integer.parseInt(parts[0]) : 0,
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 ? Integer.parseInt(parts[2]) : 0,
                    parts.length > 3 ? parts[3] : "");
        }

        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            if (c == 0) {
                c = Integer.compare(minor, o.minor);
            }
            if (c == 0) {
                c = Integer.compare(micro, o.micro);
            }
            return c != 0 ? c : qualifier.compareTo(o.qualifier);
        }
    }

    private record VersionRange(Version low, boolean lowInclusive, Version high, boolean highInclusive) {
        static final VersionRange ANY = new VersionRange(Version.parse("0.0.0"), true, null, false);

        static VersionRange parse(String text) {
            if (text.startsWith("[") || text.startsWith("(")) {
                String[] ends = text.substring(1, text.length() - 1).split(",");
                return new VersionRange(Version.parse(ends[0].trim()), text.charAt(0) == '[',
                        Version.parse(ends[1].trim()), text.charAt(text.length() - 1) == ']');
            }
            return new VersionRange(Version.parse(text), true, null, false);
        }

        boolean includes(Version v) {
            int lowCmp = v.compareTo(low);
            if (lowCmp < 0 || (lowCmp == 0 && !lowInclusive)) {
                return false;
            }
            if (high == null) {
                return true;
            }
            int highCmp = v.compareTo(high);
            return highCmp < 0 || (highCmp == 0 && highInclusive);
        }
    }
}
