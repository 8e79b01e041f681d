package dev.awsvault.backend.secretservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.RejectedExecutionException;

import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.junit.jupiter.api.Test;

/** The reasons users read for D-Bus failures. */
class DBusErrorsTest {
    private static final String LOST = "lost the connection to the D-Bus session bus";

    @Test
    void aCallRejectedByDbusJavasStoppedDispatcherIsALostConnection() {
        // as CI saw it: the bus went away and a call raced with dbus-java shutting its executor down
        String text = "Task org.freedesktop.dbus.connections.base.AbstractConnectionBase$$Lambda$611/0x1@6e15fe2 rejected"
                + " from java.util.concurrent.ThreadPoolExecutor@68f1b17f[Terminated, pool size = 0, active threads = 0]";
        assertEquals(LOST, DBusErrors.describe(new DBusExecutionException(text), true));
        assertEquals(LOST, DBusErrors.describe(new DBusExecutionException("call failed", new RejectedExecutionException(text)), true));
        assertEquals(LOST, DBusErrors.describe(new RejectedExecutionException(text), true));
    }

    @Test
    void otherFailuresKeepTheirOwnReason() {
        assertEquals("D-Bus error: org.freedesktop.Secret.Error.IsLocked",
                DBusErrors.describe(new DBusExecutionException("org.freedesktop.Secret.Error.IsLocked"), true));
        assertEquals(LOST, DBusErrors.describe(new DBusExecutionException("anything"), false));
    }
}
