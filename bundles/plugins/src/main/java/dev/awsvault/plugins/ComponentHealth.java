package dev.awsvault.plugins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** What is wrong with a bundle's DS components, read from SCR's runtime DTOs. */
final class ComponentHealth {
    private ComponentHealth() {
    }

    /**
     * Activates each service the bundle registers once (DS components are activated lazily, on first use), so an
     * activation that throws shows now rather than in a later command.
     */
    static void activate(Bundle bundle, BundleContext context) {
        ServiceReference<?>[] references = bundle.getRegisteredServices();
        if (references == null) {
            return;
        }
        for (ServiceReference<?> reference : references) {
            try {
                if (context.getService(reference) != null) {
                    context.ungetService(reference);
                }
            } catch (RuntimeException e) {
                // a service factory that throws: SCR reports it in the DTOs read below
            }
        }
    }

    /** One line per component that failed to activate, is unsatisfied or is disabled; empty when all are fine. */
    static List<String> problems(Bundle bundle, ServiceComponentRuntime scr) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                if (description.defaultEnabled) {
                    problems.add("component " + description.name + " is disabled");
                }
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                switch (configuration.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION:
                        problems.add("component " + description.name + " failed to activate: "
                                + firstLine(configuration.failure));
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                        problems.add("component " + description.name + " is missing "
                                + Arrays.stream(configuration.unsatisfiedReferences)
                                        .map(r -> r.name + (r.target == null ? "" : " " + r.target))
                                        .collect(Collectors.joining(", ")));
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                        problems.add("component " + description.name + " lacks its configuration");
                        break;
                    default:
                        break; // ACTIVE, SATISFIED: fine
                }
            }
        }
        return problems;
    }

    /**
     * SCR's failure text is a stack trace, often of a wrapper (InvocationTargetException); the innermost
     * {@code Caused by:} line, else the first line, carries the plugin's own exception and message.
     */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown failure";
        }
        String line = failure.strip().lines().findFirst().orElse("").strip();
        for (String l : (Iterable<String>) failure.lines()::iterator) {
            if (l.strip().startsWith("Caused by: ")) {
                line = l.strip().substring("Caused by: ".length());
            }
        }
        // "java.lang.IllegalStateException: boom" reads as "boom": the plugin's own words, not a Java class name
        String message = line.replaceFirst("^(?:[a-z_][\\w]*\\.)*[A-Z][\\w$]*(?:Exception|Error)(?::\\s*|$)", "");
        return message.isBlank() ? line.replaceFirst("^(?:[a-z_][\\w]*\\.)+(?=[A-Z])", "") : message;
    }
}
