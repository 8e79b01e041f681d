package dev.awsvault.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.awsvault.invocation.AgentControl;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;

/**
 * Boots the framework over the persistent storage of the installed bundle set, runs commands through the
 * {@link CommandRunner} service and stops the framework: on every path, since Felix's threads would otherwise keep
 * the JVM alive.
 */
final class Launcher {
    /** How long to wait for the command service once every bundle has started. */
    static final long SERVICE_TIMEOUT_MS = 5_000;
    static final String INSTALL_MODE_PROPERTY = "aws-vault.install";

    private final Distribution distribution;
    private final Map<String, String> environment;
    private final UserIdentity user;
    private final Debug debug;
    private final EmbeddedFramework.InstallMode mode;
    private long serviceTimeoutMillis = SERVICE_TIMEOUT_MS;
    /** Set when the persistent storage cannot be used: a storage for this run only, deleted after it. */
    private Path privateStorage;
    /** The shared storage this run uses (and its cache), or null with a private one. */
    private Path sharedStorage;
    private FrameworkCache sharedCache;
    /** Never use the shared storage (the agent: it lives long and may install plugins at run time). */
    private boolean privateOnly;

    Launcher(Distribution distribution, Map<String, String> environment, UserIdentity user, Debug debug) {
        this.distribution = distribution;
        this.environment = environment;
        this.user = user;
        this.debug = debug;
        this.mode = "copy".equals(System.getProperty(INSTALL_MODE_PROPERTY))
            ? EmbeddedFramework.InstallMode.COPY : EmbeddedFramework.InstallMode.REFERENCE;
    }

    /** Boots over a storage of this launcher's own, deleted when it stops. */
    Launcher privateStorage() {
        this.privateOnly = true;
        return this;
    }

    /** For tests: how long to wait for the command service. */
    Launcher serviceTimeout(long millis) {
        this.serviceTimeoutMillis = millis;
        return this;
    }

    /**
     * Runs one command; returns its exit status. The framework is stopped when this returns or throws. The
     * {@code agent} command reaches the agent through the {@link AgentControl} registered here.
     */
    int run(Invocation invocation) {
        return withFramework((framework, runner) -> {
            framework.context().registerService(AgentControl.class, new ColdAgentControl(distribution, debug), null);
            return runner.run(invocation);
        });
    }

    /** Boots the framework, hands the command service to {@code work}, stops the framework. */
    <T> T withRunner(Function<CommandRunner, T> work) {
        return withFramework((framework, runner) -> work.apply(runner));
    }

    /** Boots the framework, hands it and its command service to {@code work}, stops the framework. */
    <T> T withFramework(BiFunction<EmbeddedFramework, CommandRunner, T> work) {
        List<Path> jars = new ArrayList<>(distribution.bundles());
        List<Path> plugins = PluginsDirectory.plugins(environment, user);
        jars.addAll(plugins);
        debug.log(jars.size() + " bundles to install (" + mode.name().toLowerCase() + ")");
        EmbeddedFramework framework = boot(jars, plugins, 0);
        try {
            CommandRunner runner = framework.commandRunner(serviceTimeoutMillis);
            debug.log("command service ready");
            return work.apply(framework, runner);
        } finally {
            // A run that installed or removed a plugin changed the bundles of the storage other runs share: drop it.
            boolean changed = framework.installedBundles() != jars.size();
            framework.close();
            debug.log("framework stopped");
            if (changed && sharedStorage != null) {
                debug.log("the bundle set changed: discarding framework storage " + sharedStorage);
                discard(sharedCache, sharedStorage);
            }
            if (privateStorage != null) {
                FrameworkCache.deleteQuietly(privateStorage);
            }
        }
    }

    /**
     * Boots over the shared storage of this bundle set (attempt 0; attempt 1 after discarding a damaged one), or over
     * a storage of this run's own: when asked ({@link #privateStorage()}), when there is no cache directory, or when
     * the shared one is damaged again at once (another process is changing it): the command must run regardless.
     */
    private EmbeddedFramework boot(List<Path> jars, List<Path> plugins, int attempt) {
        Path pluginsDirectory = PluginsDirectory.target(environment, user).orElse(null);
        int javaVersion = Runtime.version().feature();
        String key = FrameworkCache.key(mode.name(), javaVersion, jars);
        FrameworkCache cache = null;
        Path storage;
        Path temporary = null;
        Path root = privateOnly || attempt > 1 ? null : frameworkCacheRoot();
        if (root != null) {
            cache = new FrameworkCache(root);
            storage = cache.directory(key);
            if (!Files.isDirectory(storage)) {
                try {
                    temporary = cache.newTemporary(key);
                } catch (LauncherException e) {
                    debug.log(e.getMessage() + "; using a private storage for this run");
                    cache = null;
                }
            }
        }
        if (cache == null) {
            try {
                temporary = Files.createTempDirectory("aws-vault-framework-");
            } catch (IOException e) {
                throw new LauncherException("cannot create a framework storage: " + e.getMessage(), e);
            }
            privateStorage = temporary;
        }
        if (temporary != null) {
            debug.log("populating framework storage " + temporary);
            try {
                EmbeddedFramework.create(EmbeddedFramework.configuration(temporary, debug, pluginsDirectory), debug).populate(jars, mode);
            } catch (RuntimeException | Error e) {
                FrameworkCache.deleteQuietly(temporary);
                throw e;
            }
            if (cache != null) {
                storage = cache.publish(temporary, key, distribution.home(), javaVersion);
                cache.removeStale(key, distribution.home(), javaVersion);
            } else {
                storage = temporary;
            }
            debug.log("framework storage ready");
        } else {
            storage = cache.directory(key);
        }
        EmbeddedFramework framework = EmbeddedFramework.create(EmbeddedFramework.configuration(storage, debug, pluginsDirectory), debug);
        debug.log("framework created");
        boolean ok = false;
        try {
            int installed = framework.start();
            debug.log("framework started with " + installed + " bundles");
            if (installed != jars.size()) {
                if (cache == null) {
                    throw new LauncherException("the framework storage " + storage + " does not hold the expected bundles");
                }
                debug.log("framework storage " + storage + " is damaged; populating " + (attempt == 0 ? "it again" : "one of this run's own"));
                framework.close();
                discard(cache, storage);
                return boot(jars, plugins, attempt + 1);
            }
            java.util.Set<String> pluginLocations = new java.util.HashSet<>();
            for (Path plugin : plugins) {
                pluginLocations.add(mode.location(plugin));
            }
            framework.checkBundles(locationNames(jars), pluginLocations);
            if (cache != null) {
                sharedCache = cache;
                sharedStorage = storage;
            }
            ok = true;
            return framework;
        } finally {
            if (!ok && framework.isStarted()) {
                framework.close();
            }
        }
    }

    private static void discard(FrameworkCache cache, Path storage) {
        Path doomed = cache.root().resolve(".old-" + storage.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.move(storage, doomed);
            FrameworkCache.deleteQuietly(doomed);
        } catch (IOException e) {
            // another process may have replaced it already
        }
    }

    private Map<String, String> locationNames(List<Path> jars) {
        Map<String, String> names = new HashMap<>();
        for (Path jar : jars) {
            names.put(mode.location(jar), jar.getFileName().toString());
        }
        return names;
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/aws-vault/framework}, or null without XDG_CACHE_HOME and HOME. */
    Path frameworkCacheRoot() {
        Path cacheHome = XdgDirs.cacheHome(environment);
        return cacheHome == null ? null : cacheHome.resolve("aws-vault").resolve("framework");
    }
}
