package dev.awsvault.backend.secretservice;

import org.freedesktop.dbus.errors.AccessDenied;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.errors.Timeout;
import org.freedesktop.dbus.errors.UnknownInterface;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.errors.UnknownProperty;
import org.freedesktop.dbus.exceptions.NotConnected;

import dev.awsvault.backend.secretservice.dbus.SecretService;

/**
 * D-Bus failures as short reasons for users. dbus-java keeps the standard error names as classes; the Secret
 * Service's own errors (IsLocked, NoSuchObject, ...) arrive as their text only. Servers don't echo secrets in error
 * texts, and we cut them to one short line.
 */
final class DBusErrors {
    static final String NO_SECRET_SERVICE = "no Secret Service (" + SecretService.BUS_NAME
            + ") on the D-Bus session bus; start gnome-keyring (or another Secret Service) or choose another --backend";
    private static final int MAX_DETAIL = 200;

    private DBusErrors() {
    }

    /** {@code stillConnected}: whether the connection is still up after the failure. */
    static String describe(Throwable e, boolean stillConnected) {
        if (!stillConnected || e instanceof NotConnected || sendFailed(e) || dispatcherStopped(e)) {
            return "lost the connection to the D-Bus session bus";
        }
        if (e instanceof ServiceUnknown) {
            return NO_SECRET_SERVICE;
        }
        if (e instanceof NoReply || e instanceof Timeout) {
            return "the Secret Service did not answer in time";
        }
        if (e instanceof AccessDenied) {
            return "the D-Bus session bus refused the call: " + oneLine(e);
        }
        if (e instanceof UnknownMethod || e instanceof UnknownInterface || e instanceof UnknownObject
                || e instanceof UnknownProperty) {
            return "the Secret Service does not offer what was asked: " + oneLine(e);
        }
        return "D-Bus error: " + oneLine(e);
    }

    /** dbus-java's reply when writing to the socket failed: the bus has gone (a broken pipe, mostly). */
    private static boolean sendFailed(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("Message Failed to Send");
    }

    /**
     * dbus-java stops its dispatch threads when it notices the bus has gone; a call racing with that is "rejected"
     * by their stopped executor (seen on CI) instead of failing as disconnected.
     */
    private static boolean dispatcherStopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains(" rejected from java.util.concurrent.") && m.contains("Terminated")) {
                return true;
            }
        }
        return false;
    }

    /** The first message in the cause chain, on one line and short; the exception's type when there is none. */
    static String oneLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                String line = m.strip().replaceAll("\\s+", " ");
                return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
            }
        }
        return e.getClass().getSimpleName();
    }
}
