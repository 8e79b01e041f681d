package dev.awsvault.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Felix's log in debug mode, on standard error (Felix's default logger writes to standard output). */
final class FelixDebugLogger extends org.apache.felix.framework.Logger {
    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level, String msg, Throwable throwable) {
        String label;
        switch (level) {
            case LOG_ERROR: label = "error"; break;
            case LOG_WARNING: label = "warning"; break;
            case LOG_INFO: label = "info"; break;
            default: label = "debug"; break;
        }
        System.err.println("aws-vault: felix " + label + ": " + (bundle == null ? "" : bundle.getSymbolicName() + ": ") + msg
            + (throwable == null ? "" : ": " + EmbeddedFramework.describe(throwable)));
    }
}
