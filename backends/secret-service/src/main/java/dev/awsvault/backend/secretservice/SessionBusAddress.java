package dev.awsvault.backend.secretservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * The caller's session bus, from {@code DBUS_SESSION_BUS_ADDRESS} in the caller's environment: the first
 * {@code unix:path=} entry, the only kind dbus-java's JDK transport can reach (no abstract sockets, no TCP). We never
 * autolaunch a bus, as {@code dbus-launch} would.
 */
record SessionBusAddress(Path socket) {
    static final String VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

    /** The address dbus-java gets: one entry, the socket path unescaped (its parser does not unescape). */
    String dbusJavaAddress() {
        return "unix:path=" + socket;
    }

    /** Whether the socket file is there; cheap, no connection. */
    boolean socketExists() {
        try {
            BasicFileAttributes a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isOther(); // a socket: neither file, folder nor link
        } catch (IOException e) {
            return false;
        }
    }

    /** The bus of {@code environment}, or a one-line reason why there is none usable. */
    static SessionBusAddress of(Map<String, String> environment) throws KeystoreException {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            throw new KeystoreException("no D-Bus session bus: " + VARIABLE + " is not set");
        }
        for (String entry : value.split(";")) {
            int colon = entry.indexOf(':');
            if (colon < 0 || !entry.substring(0, colon).equals("unix")) {
                continue;
            }
            for (String pair : entry.substring(colon + 1).split(",")) {
                if (pair.startsWith("path=")) {
                    String path = unescape(pair.substring("path=".length()));
                    if (path != null && !path.isEmpty() && path.indexOf(',') < 0 && path.indexOf(';') < 0) {
                        return new SessionBusAddress(Path.of(path));
                    }
                }
            }
        }
        throw new KeystoreException("no usable D-Bus session bus: " + VARIABLE + " has no unix:path= address"
                + " (abstract sockets and TCP are not supported)");
    }

    /** D-Bus address unescaping ({@code %XX} is a byte, UTF-8 overall); null when malformed. */
    private static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                int end = i + Character.charCount(s.codePointAt(i));
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
