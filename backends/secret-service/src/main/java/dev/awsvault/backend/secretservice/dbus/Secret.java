package dev.awsvault.backend.secretservice.dbus;

import java.util.Arrays;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/**
 * The spec's Secret struct {@code (oayays)}: session, algorithm parameters (empty for {@code plain}), the value and
 * its content type. Never log it: dbus-java's final {@code Container.toString()} prints the fields, value too.
 */
public final class Secret extends Struct {
    @Position(0)
    private final DBusPath session;
    @Position(1)
    private final byte[] parameters;
    @Position(2)
    private final byte[] value;
    @Position(3)
    private final String contentType;

    public Secret(DBusPath session, byte[] parameters, byte[] value, String contentType) {
        this.session = session;
        this.parameters = parameters;
        this.value = value;
        this.contentType = contentType;
    }

    public DBusPath session() {
        return session;
    }

    /** The value itself (not a copy): the caller clears it after use. */
    public byte[] value() {
        return value;
    }

    public String contentType() {
        return contentType;
    }

    /** Overwrites the value in place (best effort: D-Bus marshalling has made copies of its own). */
    public void clear() {
        Arrays.fill(value, (byte) 0);
    }
}
