package dev.awsvault.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import dev.awsvault.invocation.CommandRunner;

/**
 * One Felix instance over a storage directory: populate a fresh storage with a bundle set, or start from a
 * populated one, find the {@link CommandRunner}, stop.
 */
final class EmbeddedFramework implements AutoCloseable {
    /** Install bundles by reference (Felix reads the jar in place) or by copying them into the storage. */
    enum InstallMode {
        REFERENCE, COPY;

        String location(Path jar) {
            String url = jar.toAbsolutePath().toUri().toString();
            return this == REFERENCE ? "reference:" + url : url;
        }
    }

    static final long STOP_TIMEOUT_MS = 10_000;

    private final Framework framework;
    private final Debug debug;
    private final List<FrameworkEvent> errors = new ArrayList<>();
    private final FrameworkListener errorListener = event -> {
        if (event.getType() == FrameworkEvent.ERROR) {
            synchronized (errors) {
                errors.add(event);
            }
        }
    };
    private boolean started;

    private EmbeddedFramework(Framework framework, Debug debug) {
        this.framework = framework;
        this.debug = debug;
    }

    /**
     * What the system bundle exports beyond the JRE's standard packages: the contract shared with the bundles; JNA,
     * which lives on the launcher's class path because its native library can be loaded by one class loader only;
     * and the JDK's user-id lookup that dbus-java's SASL EXTERNAL authentication needs.
     */
    static final String SYSTEM_PACKAGES_EXTRA = "dev.awsvault.invocation;version=" + LauncherVersion.INVOCATION_VERSION
            + ",com.sun.jna;com.sun.jna.ptr;com.sun.jna.win32;version=" + LauncherVersion.JNA_VERSION
            + ",com.sun.security.auth.module";

    /** The framework property naming the plugins directory, for the {@code plugins} commands (bundles/plugins). */
    static final String PLUGINS_DIR_PROPERTY = "aws-vault.plugins.dir";

    /** The framework properties of the launcher. */
    static Map<String, String> configuration(Path storage, Debug debug) {
        return configuration(storage, debug, null);
    }

    /**
     * The framework properties of the launcher.
     *
     * @param pluginsDirectory where {@code plugins install} puts jars, or null when plugins are not loaded (sudo)
     */
    static Map<String, String> configuration(Path storage, Debug debug, Path pluginsDirectory) {
        Map<String, String> config = new HashMap<>();
        if (pluginsDirectory != null) {
            config.put(PLUGINS_DIR_PROPERTY, pluginsDirectory.toString());
        }
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        // Several launchers may run over the same storage at once; Felix's lock file would only add a write.
        config.put("felix.cache.locking", "false");
        // We stop the framework ourselves on every path; a shutdown hook would only slow the exit.
        config.put("felix.shutdown.hook", "false");
        // No global URL/content handler factories: bundles' resource URLs work without them.
        config.put("felix.service.urlhandlers", "false");
        if (debug.framework()) {
            config.put("felix.log.level", "2");
            config.put("ds.loglevel", "warn");
        } else {
            config.put("felix.log.level", "0");
            config.put("ds.log.enabled", "false");
        }
        return config;
    }

    static EmbeddedFramework create(Map<String, String> config, Debug debug) {
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class, EmbeddedFramework.class.getClassLoader()).iterator();
        if (!factories.hasNext()) {
            throw new LauncherException("broken installation: no OSGi framework on the class path");
        }
        Map<String, Object> withLogger = new HashMap<>(config);
        if (debug.framework()) {
            withLogger.put("felix.log.logger", new FelixDebugLogger());
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework framework = factories.next().newFramework((Map) withLogger);
        return new EmbeddedFramework(framework, debug);
    }

    /** The manifest header a bundle uses to be started only when the core needs it (credential sources). */
    static final String START_HEADER = "AwsVault-Start";

    /**
     * Whether the launcher starts a bundle: only bundles that do something when started (an activator or DS
     * components), and not those marked {@code AwsVault-Start: on-demand}, which the core starts when it needs them.
     * Libraries (the AWS SDK, slf4j, jackson) are resolved when a bundle that uses them is; a command that needs
     * none of them never pays for resolving them.
     */
    static boolean startsAtLaunch(Bundle bundle) {
        java.util.Dictionary<String, String> headers = bundle.getHeaders("");
        if (headers.get(Constants.FRAGMENT_HOST) != null || "on-demand".equals(headers.get(START_HEADER))) {
            return false;
        }
        return headers.get(Constants.BUNDLE_ACTIVATOR) != null || headers.get("Service-Component") != null;
    }

    /**
     * Populates an empty storage: installs every jar and marks those that {@linkplain #startsAtLaunch start at
     * launch} to be started, without starting anything (the framework stays at start level 0), then stops. The next
     * start of a framework over this storage starts them.
     */
    void populate(List<Path> jars, InstallMode mode) {
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            for (Path jar : jars) {
                Bundle bundle;
                try {
                    bundle = context.installBundle(mode.location(jar));
                } catch (BundleException e) {
                    throw new LauncherException("cannot install bundle " + jar.getFileName() + ": " + oneLine(e), e);
                }
                if (startsAtLaunch(bundle)) {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                }
            }
        } catch (BundleException e) {
            throw new LauncherException("cannot prepare the framework: " + oneLine(e), e);
        } finally {
            close();
        }
    }

    /** Starts the framework over a populated storage. Returns the number of installed bundles (system bundle excluded). */
    int start() {
        try {
            framework.init();
            debug.log("framework initialised");
            framework.getBundleContext().addFrameworkListener(errorListener);
            started = true;
            framework.start();
        } catch (BundleException e) {
            throw new LauncherException("cannot start the framework: " + oneLine(e), e);
        }
        return framework.getBundleContext().getBundles().length - 1;
    }

    /**
     * Fails fast when a bundle did not resolve or start: names the first such bundle and why.
     *
     * @param names the jar file name of each bundle location, for the message
     */
    void checkBundles(Map<String, String> names) {
        checkBundles(names, java.util.Set.of());
    }

    /**
     * As {@link #checkBundles(Map)}, but a plugin (its location in {@code plugins}) that does not resolve or start is
     * only logged: {@code aws-vault plugins list} says why, and {@code plugins remove} must still run.
     */
    void checkBundles(Map<String, String> names, java.util.Set<String> plugins) {
        BundleContext context = framework.getBundleContext();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            if (!startsAtLaunch(bundle)) {
                continue; // resolved when something needs it; a failure is reported by whoever needs it
            }
            int state = bundle.getState();
            boolean ok = state == Bundle.ACTIVE || state == Bundle.STARTING;
            if (!ok && plugins.contains(bundle.getLocation())) {
                debug.log("plugin " + bundle.getSymbolicName() + " is not working (see aws-vault plugins list)");
                continue;
            }
            if (!ok) {
                String name = names.getOrDefault(bundle.getLocation(), bundle.getLocation());
                throw new LauncherException("bundle " + bundle.getSymbolicName() + " (" + name + ") "
                    + (state == Bundle.INSTALLED ? "cannot be resolved" : "failed to start") + ": " + reason(bundle));
            }
        }
    }

    private String reason(Bundle bundle) {
        synchronized (errors) {
            for (FrameworkEvent event : errors) {
                if (event.getBundle() != null && event.getBundle().getBundleId() == bundle.getBundleId() && event.getThrowable() != null) {
                    return conciseResolution(describe(event.getThrowable()));
                }
            }
        }
        // Felix delivers framework events on its own thread, so the event may not have arrived yet: starting the
        // bundle again gives the same failure, synchronously (what is missing, or the activator's exception).
        if (bundle.getState() == Bundle.INSTALLED || bundle.getState() == Bundle.RESOLVED) {
            try {
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException | RuntimeException e) {
                return conciseResolution(describe(e));
            }
        }
        return "state " + bundle.getState();
    }

    /**
     * Felix's resolution message without its repetitions: "Unable to resolve b [6](R 6.0): missing requirement
     * [b [6](R 6.0)] osgi.wiring.package; (...) Unresolved requirements: [...]" becomes "missing requirement
     * osgi.wiring.package; (...)".
     */
    static String conciseResolution(String message) {
        String concise = message;
        int unresolved = concise.indexOf(" Unresolved requirements:");
        if (unresolved > 0) {
            concise = concise.substring(0, unresolved);
        }
        if (concise.startsWith("Unable to resolve ")) {
            int colon = concise.indexOf("): ");
            if (colon > 0) {
                concise = concise.substring(colon + 3);
            }
        }
        return concise.replaceAll("\\[[^\\[\\]]*\\[\\d+\\]\\(R [\\d.]+\\)\\] ", "").strip();
    }

    /** Waits for the command service; fails at once when it exists but cannot be activated. */
    CommandRunner commandRunner(long timeoutMillis) {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<CommandRunner, CommandRunner> tracker = new ServiceTracker<>(context, CommandRunner.class, null);
        tracker.open();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                ServiceReference<CommandRunner> reference = context.getServiceReference(CommandRunner.class);
                if (reference != null) {
                    CommandRunner runner = context.getService(reference);
                    if (runner != null) {
                        return runner;
                    }
                    Bundle provider = reference.getBundle();
                    throw new LauncherException("the command service" + (provider == null ? "" : " of bundle " + provider.getSymbolicName())
                        + " could not be activated" + (debug.enabled() ? "" : " (run with --debug for details)"));
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new LauncherException("no command service is available (is the core bundle installed?)");
                }
                tracker.waitForService(Math.min(left, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for the command service", e);
        } finally {
            tracker.close();
        }
    }

    /** How many bundles are installed now (the system bundle not counted). */
    int installedBundles() {
        return framework.getBundleContext().getBundles().length - 1;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Stops the framework and waits for it; never throws. */
    @Override
    public void close() {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                debug.log("the framework did not stop within " + STOP_TIMEOUT_MS + " ms");
            }
        } catch (BundleException | RuntimeException e) {
            debug.log("stopping the framework failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started = false;
    }

    boolean isStarted() {
        return started;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** A throwable as one line: its message, and that of the root cause when the message alone says little. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = oneLine(e);
        if (root != e) {
            String rootMessage = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root));
            if (!message.contains(rootMessage)) {
                message = message + ": " + rootMessage;
            }
        }
        return message;
    }
}
