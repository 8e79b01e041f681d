package dev.awsvault.itests.osgi;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import dev.awsvault.invocation.CommandRunner;

/**
 * What every in-framework test shares (after Karaf's {@code KarafTestSupport}): the Pax Exam configuration that
 * boots exactly the core feature's bundle list on Felix, and helpers to wait for services, check component
 * state and run a command line through the {@link CommandRunner} as a front end would.
 *
 * <p>The bundle list is {@code bundles/<feature>.list} ({@link #featureList()}: {@code core.list} unless a test
 * says otherwise) of the feature zips, unpacked by the build into the folder named by the
 * {@code awsvault.feature.core} system property. The invocation contract, which the launcher exports
 * from its class path, is installed here as a bundle of its own; JNA comes from the class path through the system
 * bundle, as in the launcher.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class AwsVaultTestSupport {

    /** How long to wait for a service before failing. */
    protected static final long SERVICE_TIMEOUT_MS = 10_000;

    /** The system packages as the launcher exports them (keep in line with EmbeddedFramework and the bndruns). */
    private static final String JNA_VERSION = "5.19.1";

    @Inject
    protected BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemPackages("com.sun.jna;version=" + JNA_VERSION, "com.sun.jna.ptr;version=" + JNA_VERSION,
                "com.sun.jna.win32;version=" + JNA_VERSION, "com.sun.security.auth.module"));
        options.add(cleanCaches(true));
        options.add(junitBundles());
        options.add(bundle(fileUrl(Path.of(requiredProperty("awsvault.invocation.jar")))));
        for (Path jar : featureBundles()) {
            options.add(bundle(fileUrl(jar)));
        }
        return options.toArray(new Option[0]);
    }

    /** The feature list this test boots. */
    protected String featureList() {
        return "core.list";
    }

    /** The jars of the feature under test, in its list's order. */
    protected List<Path> featureBundles() {
        Path dir = Path.of(requiredProperty("awsvault.feature.core"));
        Path list = dir.resolve(featureList());
        try {
            List<Path> jars = new ArrayList<>();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    jars.add(dir.resolve(line.trim()));
                }
            }
            if (jars.isEmpty()) {
                throw new IllegalStateException(list + " is empty");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feature's bundle list " + list, e);
        }
    }

    private static String fileUrl(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("bundle not found: " + jar);
        }
        return jar.toUri().toString();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven)");
        }
        return value;
    }

    /** Waits for a service of {@code type} matching {@code filter} (may be null) and returns it. */
    protected <T> T assertServiceAvailable(Class<T> type, String filter) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, filter(type, filter), null);
        tracker.open();
        try {
            T service = tracker.waitForService(SERVICE_TIMEOUT_MS);
            if (service == null) {
                fail("no " + type.getName() + " service" + (filter == null ? "" : " matching " + filter)
                        + " within " + SERVICE_TIMEOUT_MS + " ms; components: " + componentProblems()
                        + "; bundles: " + bundleStates());
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            tracker.close();
        }
    }

    /** Waits until a service of {@code type} matching {@code filter} is registered and returns its reference. */
    protected <T> ServiceReference<T> assertServiceReferenceAvailable(Class<T> type, String filter) {
        assertServiceAvailable(type, filter);
        try {
            ServiceReference<T> reference = bundleContext.getServiceReferences(type, filter).stream().findFirst()
                    .orElse(null);
            assertNotNull(type.getName() + " " + filter, reference);
            return reference;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Filter filter(Class<?> type, String filter) {
        String objectClass = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        try {
            return FrameworkUtil.createFilter(filter == null ? objectClass : "(&" + objectClass + filter + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Fails unless every bundle of the feature list is ACTIVE (fragments: RESOLVED). */
    protected void assertFeatureBundlesActive() {
        List<String> wanted = featureBundles().stream().map(p -> p.toUri().toString()).collect(Collectors.toList());
        List<String> problems = new ArrayList<>();
        for (String location : wanted) {
            Bundle bundle = bundleContext.getBundle(location);
            if (bundle == null) {
                problems.add(location + " not installed");
            } else if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null ? bundle.getState() != Bundle.ACTIVE
                    : bundle.getState() != Bundle.RESOLVED) {
                problems.add(bundle.getSymbolicName() + " is " + state(bundle.getState()));
            }
        }
        if (!problems.isEmpty()) {
            fail("feature bundles not active: " + problems + "; all bundles: " + bundleStates());
        }
    }

    /**
     * Fails when a component of one of our bundles ({@code dev.awsvault.*}) is disabled, unsatisfied or failed to
     * activate, after giving SCR up to {@link #SERVICE_TIMEOUT_MS} to settle. Delayed components that nobody used
     * yet are SATISFIED, which is fine.
     */
    protected void assertComponentsHealthy() {
        long deadline = System.currentTimeMillis() + SERVICE_TIMEOUT_MS;
        List<String> problems = componentProblems();
        while (!problems.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            problems = componentProblems();
        }
        if (!problems.isEmpty()) {
            fail("unhealthy components: " + problems);
        }
    }

    /**
     * What is wrong with the components of our bundles ({@code dev.awsvault.*}): disabled, unsatisfied (with the
     * references that are missing), failed to activate (with the failure); empty when all are ACTIVE or SATISFIED.
     */
    protected List<String> componentProblems() {
        ServiceReference<ServiceComponentRuntime> reference = bundleContext.getServiceReference(
                ServiceComponentRuntime.class);
        if (reference == null) {
            return List.of("no ServiceComponentRuntime (SCR is not running)");
        }
        ServiceComponentRuntime scr = bundleContext.getService(reference);
        try {
            List<String> problems = new ArrayList<>();
            int count = 0;
            for (Bundle bundle : bundleContext.getBundles()) {
                if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("dev.awsvault.")) {
                    continue;
                }
                for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                    count++;
                    if (!scr.isComponentEnabled(description)) {
                        if (description.defaultEnabled) {
                            problems.add(description.name + " is disabled");
                        }
                        continue;
                    }
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        switch (configuration.state) {
                            case ComponentConfigurationDTO.ACTIVE:
                            case ComponentConfigurationDTO.SATISFIED:
                                break;
                            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                                problems.add(description.name + " has unsatisfied references "
                                        + Arrays.stream(configuration.unsatisfiedReferences)
                                                .map(r -> r.name + " " + r.target).collect(Collectors.toList()));
                                break;
                            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                                problems.add(description.name + " lacks its configuration");
                                break;
                            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                                problems.add(description.name + " failed to activate: " + configuration.failure);
                                break;
                            default:
                                problems.add(description.name + " is in state " + configuration.state);
                        }
                    }
                }
            }
            if (count == 0) {
                problems.add("no components found in the dev.awsvault.* bundles");
            }
            return problems;
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    /** Runs one command line through the CommandRunner service, as a front end does, and returns what it wrote. */
    protected CommandResult executeCommand(Map<String, String> environment, Path workingDirectory, String... arguments) {
        // Hold the service while it runs, as a front end does: a DS component whose last user lets go is
        // deactivated, and its dynamic references are unbound.
        ServiceReference<CommandRunner> reference = assertServiceReferenceAvailable(CommandRunner.class, null);
        CommandRunner runner = bundleContext.getService(reference);
        try {
            TestInvocation invocation = new TestInvocation(List.of(arguments), environment, workingDirectory);
            int status = runner.run(invocation);
            return new CommandResult(status, invocation.outBytes(), invocation.errBytes(), invocation);
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    /** Every installed bundle with its state, for failure messages. */
    protected String bundleStates() {
        return Arrays.stream(bundleContext.getBundles())
                .map(b -> b.getSymbolicName() + ":" + b.getVersion() + "=" + state(b.getState()))
                .collect(Collectors.joining(", "));
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "UNINSTALLED";
        }
    }

    /** What a command run through the CommandRunner returned and wrote. */
    public static final class CommandResult {
        public final int status;
        public final byte[] out;
        public final byte[] err;
        public final TestInvocation invocation;

        CommandResult(int status, byte[] out, byte[] err, TestInvocation invocation) {
            this.status = status;
            this.out = out;
            this.err = err;
            this.invocation = invocation;
        }

        public String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        public String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + outText() + "--- stderr\n" + errText();
        }
    }
}
