package dev.awsvault.launcher.testplugin;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;

/** A plugin for the launcher's tests: registers a command runner that outranks the test bundle's. */
public class PluginCommandRunner implements BundleActivator, CommandRunner {
    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 100);
        context.registerService(CommandRunner.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
    }

    @Override
    public int run(Invocation invocation) {
        invocation.out().println("plugin " + String.join(" ", invocation.arguments()));
        return 0;
    }
}
