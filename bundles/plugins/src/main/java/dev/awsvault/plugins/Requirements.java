package dev.awsvault.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Says in plain words why a bundle does not resolve: the first of its requirements nothing here satisfies, e.g.
 * "needs dev.awsvault.api.keystore [2.0.0,3.0.0) but this aws-vault provides 1.0.0".
 */
final class Requirements {
    private static final Pattern PACKAGE = Pattern.compile("\\(" + Pattern.quote(PackageNamespace.PACKAGE_NAMESPACE) + "=([^)]+)\\)");
    private static final Pattern VERSION = Pattern.compile("(\\(!)?\\(version(>=|<=)([^)]+)\\)");

    private Requirements() {
    }

    /** Why {@code bundle} (INSTALLED, i.e. unresolved) cannot resolve, or empty when no single requirement is missing. */
    static Optional<String> unresolved(Bundle bundle, BundleContext context) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return Optional.empty();
        }
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            String resolution = requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                    || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)) {
                continue;
            }
            if (wiring.findProviders(requirement).isEmpty()) {
                return Optional.of(describe(requirement, context));
            }
        }
        return Optional.empty();
    }

    static String describe(BundleRequirement requirement, BundleContext context) {
        String filter = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            Matcher m = PACKAGE.matcher(filter);
            if (m.find()) {
                String name = m.group(1);
                List<Version> provided = providedVersions(name, context);
                return "needs " + name + " " + range(filter) + " but this aws-vault "
                        + (provided.isEmpty() ? "does not provide it"
                                : "provides " + String.join(", ", provided.stream().map(Version::toString).toList()));
            }
        }
        return "needs " + requirement.getNamespace() + " " + filter + ", which nothing here provides";
    }

    /** The version range of a requirement filter in the manifest's notation: {@code [1.0.0,2.0.0)}; any when unbounded. */
    static String range(String filter) {
        String low = null;
        String high = null;
        char lowBracket = '[';
        char highBracket = ')';
        Matcher m = VERSION.matcher(filter);
        while (m.find()) {
            boolean negated = m.group(1) != null;
            boolean atLeast = m.group(2).equals(">=");
            String version = m.group(3);
            if (atLeast && !negated) {
                low = version;
                lowBracket = '[';
            } else if (!atLeast && negated) {
                low = version;
                lowBracket = '(';
            } else if (atLeast) {
                high = version;
                highBracket = ')';
            } else {
                high = version;
                highBracket = ']';
            }
        }
        if (low == null && high == null) {
            return "(any version)";
        }
        if (high == null) {
            return lowBracket == '[' ? low + " or later" : "later than " + low;
        }
        return lowBracket + (low == null ? "0.0.0" : low) + "," + high + highBracket;
    }

    private static List<Version> providedVersions(String packageName, BundleContext context) {
        TreeSet<Version> versions = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability capability : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                Map<String, Object> attributes = capability.getAttributes();
                if (packageName.equals(attributes.get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    Object v = attributes.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
                    versions.add(v instanceof Version ? (Version) v : Version.emptyVersion);
                }
            }
        }
        return new ArrayList<>(versions);
    }
}
