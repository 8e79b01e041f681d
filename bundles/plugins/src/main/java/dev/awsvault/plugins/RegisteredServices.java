package dev.awsvault.plugins;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Prints one kind of registered service (backends, prompts, sources) with, for backends and prompts, whether each
 * is available here, and which bundle provides it. Of several services with one name the core uses the first in
 * bundle order (the built-in one); the others are shown as not used.
 */
final class RegisteredServices {
    private final BundleContext context;
    private final PluginManager manager;

    RegisteredServices(BundleContext context, PluginManager manager) {
        this.context = context;
        this.manager = manager;
    }

    /**
     * @param probe asks a service whether it works here; null for kinds without a probe (sources)
     */
    void print(Registrations.Kind kind, Predicate<Object> probe, PrintStream out) {
        Table table = probe == null ? new Table("NAME", "PROVIDED BY") : new Table("NAME", "AVAILABLE", "PROVIDED BY");
        Map<String, Bundle> first = new HashMap<>();
        for (ServiceReference<?> reference : manager.services(kind)) {
            String name = kind.nameOf(reference);
            Bundle bundle = reference.getBundle();
            if (name == null || bundle == null) {
                continue; // unregistered meanwhile
            }
            String provider = provider(bundle);
            Bundle winner = first.putIfAbsent(name, bundle);
            if (winner != null) {
                provider += " (not used: " + winner.getSymbolicName() + " provides it first)";
            }
            if (probe == null) {
                table.row(name, provider);
            } else {
                table.row(name, availability(reference, probe), provider);
            }
        }
        if (table.isEmpty()) {
            out.println("No " + kind.word + " is registered.");
            return;
        }
        table.print(out);
    }

    private String availability(ServiceReference<?> reference, Predicate<Object> probe) {
        Object service;
        try {
            service = context.getService(reference);
        } catch (RuntimeException e) {
            return "no (cannot be activated)";
        }
        if (service == null) {
            return "no (cannot be activated)";
        }
        try {
            return probe.test(service) ? "yes" : "no";
        } catch (RuntimeException | LinkageError e) { // a plugin's probe that throws must not break the listing
            return "no (probe failed: " + PluginManager.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()) + ")";
        } finally {
            context.ungetService(reference);
        }
    }

    private String provider(Bundle bundle) {
        String id = bundle.getSymbolicName() + " " + bundle.getVersion();
        return manager.isPlugin(bundle) ? "plugin " + id : "built-in " + id;
    }
}
