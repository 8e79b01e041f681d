package dev.awsvault.backend.secretservice.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code org.freedesktop.Secret.Prompt}: what the service hands back when a call needs the user (unlock, create a
 * collection). {@link #prompt} shows it; the outcome arrives later as the {@link Completed} signal.
 */
@DBusInterfaceName(SecretPrompt.INTERFACE)
public interface SecretPrompt extends DBusInterface {
    String INTERFACE = "org.freedesktop.Secret.Prompt";

    /** {@code Prompt(s window-id)}; "" for no parent window. */
    @DBusMemberName("Prompt")
    void prompt(String windowId);

    /** {@code Dismiss()}: withdraws a prompt nobody answered. */
    @DBusMemberName("Dismiss")
    void dismiss();

    /** {@code Completed(b dismissed, v result)}: the result is the call's own (a collection path, unlocked paths). */
    @DBusMemberName("Completed")
    final class Completed extends DBusSignal {
        private final boolean dismissed;
        private final Variant<?> result;

        public Completed(String path, boolean dismissed, Variant<?> result) throws DBusException {
            super(path, dismissed, result);
            this.dismissed = dismissed;
            this.result = result;
        }

        public boolean dismissed() {
            return dismissed;
        }

        public Variant<?> result() {
            return result;
        }
    }
}
