package dev.awsvault.launcher.testbundle;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle activator that fails, for the launcher's fail-fast test. */
public class FailingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("activator exploded");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
