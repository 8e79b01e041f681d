package dev.awsvault.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.awsvault.api.AwsVaultException;
import dev.awsvault.plugins.Registrations.Registration;

/**
 * Installs plugins into the running framework, checks them, and keeps the plugins directory in step: a plugin is
 * copied there only once it resolved, started, activated and clashed with nobody, and removed from there when it
 * is uninstalled. A plugin that fails any check is uninstalled again, so the framework is as it was.
 */
final class PluginManager {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Optional<PluginFolder> folder;

    PluginManager(BundleContext context, ServiceComponentRuntime scr, Optional<PluginFolder> folder) {
        this.context = context;
        this.scr = scr;
        this.folder = folder;
    }

    /** A plugin as {@code plugins list} shows it. */
    record PluginState(String symbolicName, String version, String state, String file, List<String> provides,
            List<String> problems) {
    }

    private PluginFolder folder() {
        return folder.orElseThrow(() -> new AwsVaultException("no plugins directory is configured here "
                + "(plugins are not loaded when aws-vault runs as root under sudo)"));
    }

    /** The installed bundles whose jar lies in the plugins directory. */
    List<Bundle> plugins() {
        List<Bundle> plugins = new ArrayList<>();
        if (folder.isEmpty()) {
            return plugins;
        }
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0 && folder.get().jarOf(bundle.getLocation()).isPresent()) {
                plugins.add(bundle);
            }
        }
        return plugins;
    }

    /** Whether a bundle was installed from the plugins directory (else it is part of aws-vault). */
    boolean isPlugin(Bundle bundle) {
        return folder.isPresent() && folder.get().jarOf(bundle.getLocation()).isPresent();
    }

    Optional<Path> pluginsDirectory() {
        return folder.map(PluginFolder::path);
    }

    List<PluginState> list() {
        List<PluginState> states = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        for (Bundle bundle : plugins()) {
            Path jar = folder().jarOf(bundle.getLocation()).orElseThrow();
            seen.add(jar);
            List<String> provides = Registrations.of(bundle).stream().map(Registration::toString).toList();
            states.add(new PluginState(bundle.getSymbolicName(), bundle.getVersion().toString(),
                    stateName(bundle.getState()), jar.getFileName().toString(), provides, problems(bundle)));
        }
        for (Path jar : folder.map(PluginFolder::jars).orElse(List.of())) {
            if (!seen.contains(jar)) {
                states.add(new PluginState("-", "-", "not loaded", jar.getFileName().toString(), List.of(),
                        List.of("not loaded in this run")));
            }
        }
        return states;
    }

    /** Why a plugin does not work: it does not resolve, or its components fail. */
    List<String> problems(Bundle bundle) {
        List<String> problems = new ArrayList<>();
        if (bundle.getState() == Bundle.INSTALLED) {
            problems.add(Requirements.unresolved(bundle, context).orElse("it does not resolve"));
            return problems;
        }
        problems.addAll(ComponentHealth.problems(bundle, scr));
        return problems;
    }

    /** What {@code plugins install} did: the bundle and what it registers. */
    record Installed(Bundle bundle, Path jar, List<Registration> registrations, Optional<String> replaced) {
    }

    /**
     * Installs the jar at {@code source}. A plugin with the same symbolic name is refused unless {@code force}, which
     * replaces it (and puts it back when the new one fails a check).
     */
    Installed install(Path source, boolean force) {
        PluginJar jar = PluginJar.read(source);
        PluginFolder target = folder();
        String location = target.location(jar.fileName());
        Bundle previous = null;
        for (Bundle bundle : context.getBundles()) {
            if (jar.symbolicName().equals(bundle.getSymbolicName())) {
                if (!isPlugin(bundle)) {
                    throw new AwsVaultException(jar.symbolicName() + " is part of aws-vault and cannot be installed as a plugin");
                }
                if (!force) {
                    throw new AwsVaultException("plugin " + jar.symbolicName() + " " + bundle.getVersion()
                            + " is already installed; remove it first or use --force to replace it");
                }
                previous = bundle;
            } else if (location.equals(stripReference(bundle.getLocation()))) {
                throw new AwsVaultException("a plugin file named " + jar.fileName() + " already holds "
                        + bundle.getSymbolicName() + "; rename the jar or remove that plugin first");
            }
        }
        Path previousJar = previous == null ? null : target.jarOf(previous.getLocation()).orElse(null);
        if (previous != null) {
            uninstall(previous);
        }
        Bundle bundle;
        try {
            bundle = installChecked(jar, location);
        } catch (RuntimeException e) {
            if (previousJar != null && Files.isRegularFile(previousJar)) {
                restore(previousJar, target);
            }
            throw e;
        }
        Path copied = target.copyIn(jar.path(), jar.fileName());
        if (previousJar != null && !previousJar.equals(copied)) {
            target.delete(previousJar);
        }
        return new Installed(bundle, copied, Registrations.of(bundle),
                previous == null ? Optional.empty() : Optional.of(previous.getVersion().toString()));
    }

    private Bundle installChecked(PluginJar jar, String location) {
        String name = "plugin " + jar.symbolicName();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar.path())) {
            bundle = context.installBundle(location, in);
        } catch (BundleException e) {
            throw new AwsVaultException(name + " cannot be installed: " + oneLine(e.getMessage()));
        } catch (IOException e) {
            throw new AwsVaultException("cannot read " + jar.path() + ": " + e.getMessage());
        }
        try {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (!wiring.resolveBundles(List.of(bundle))) {
                String why = Requirements.unresolved(bundle, context).orElseGet(() -> startFailure(bundle));
                throw new AwsVaultException(name + " " + why);
            }
            try {
                bundle.start();
            } catch (BundleException | IllegalStateException e) {
                throw new AwsVaultException(name + " failed to start: " + oneLine(e.getMessage()));
            }
            ComponentHealth.activate(bundle, context);
            List<String> problems = ComponentHealth.problems(bundle, scr);
            if (!problems.isEmpty()) {
                throw new AwsVaultException(name + ": " + problems.get(0));
            }
            checkNamesAreFree(bundle);
            return bundle;
        } catch (RuntimeException e) {
            uninstall(bundle);
            throw e;
        }
    }

    /** A backend, prompt, source or command name already registered by another bundle is refused. */
    private void checkNamesAreFree(Bundle bundle) {
        for (Registration mine : Registrations.of(bundle)) {
            for (Bundle other : context.getBundles()) {
                if (other.getBundleId() == bundle.getBundleId()) {
                    continue;
                }
                for (Registration theirs : Registrations.of(other)) {
                    if (theirs.kind() == mine.kind() && theirs.name().equals(mine.name())) {
                        throw new AwsVaultException("a " + mine.kind().word + " named " + mine.name()
                                + " is already provided by bundle " + other.getSymbolicName());
                    }
                }
            }
        }
    }

    /** Felix's own words, when no single missing requirement explains the failure (e.g. a uses conflict). */
    private static String startFailure(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return "does not resolve";
        } catch (BundleException | IllegalStateException e) {
            return "does not resolve: " + oneLine(e.getMessage());
        }
    }

    /** Removes the plugin named by symbolic name or jar file name; returns the jar that was deleted. */
    Path remove(String name) {
        PluginFolder target = folder();
        for (Bundle bundle : plugins()) {
            Path jar = target.jarOf(bundle.getLocation()).orElseThrow();
            if (name.equals(bundle.getSymbolicName()) || name.equals(jar.getFileName().toString())) {
                uninstall(bundle);
                target.delete(jar);
                return jar;
            }
        }
        for (Path jar : target.jars()) { // a jar that was not loaded in this run can still be removed
            if (name.equals(jar.getFileName().toString())) {
                target.delete(jar);
                return jar;
            }
        }
        throw new AwsVaultException("no plugin named " + name + " is installed (see aws-vault plugins list)");
    }

    private void uninstall(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new AwsVaultException("cannot uninstall " + bundle.getSymbolicName() + ": " + oneLine(e.getMessage()));
        }
        // Let go of the old revision; only bundles wired to the plugin (none, normally) are refreshed.
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle));
    }

    /** Puts a replaced plugin back after its replacement failed; best effort, the jar is still in the directory. */
    private void restore(Path jar, PluginFolder target) {
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle bundle = context.installBundle(target.location(jar.getFileName().toString()), in);
            bundle.start();
        } catch (IOException | BundleException | RuntimeException e) {
            // the next run of aws-vault installs it from the directory anyway
        }
    }

    /** Services of a kind with the bundle that registered them, in bundle order (see the core's Plugins). */
    List<ServiceReference<?>> services(Registrations.Kind kind) {
        List<ServiceReference<?>> references = new ArrayList<>();
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(kind.objectClass, null);
            if (found != null) {
                references.addAll(List.of(found));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        references.sort(java.util.Comparator.<ServiceReference<?>>comparingLong(r -> r.getBundle() == null ? Long.MAX_VALUE : r.getBundle().getBundleId())
                .thenComparingLong(r -> (Long) r.getProperty(org.osgi.framework.Constants.SERVICE_ID)));
        return references;
    }

    static String stripReference(String location) {
        return location != null && location.startsWith("reference:") ? location.substring("reference:".length()) : location;
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "installed";
            case Bundle.RESOLVED:
                return "resolved";
            case Bundle.STARTING:
                return "starting";
            case Bundle.STOPPING:
                return "stopping";
            case Bundle.ACTIVE:
                return "active";
            default:
                return "uninstalled";
        }
    }

    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
