/**
 * The parts of the freedesktop.org Secret Service API (org.freedesktop.Secret.*) this backend calls, as dbus-java
 * remote interfaces (private package). Multi-value replies use the generic {@link
 * dev.awsvault.backend.secretservice.dbus.Pair}: dbus-java resolves a non-generic tuple class by name
 * ({@code Class.forName}) from its own bundle, which cannot see ours under OSGi; a parameterized one it does not.
 */
package dev.awsvault.backend.secretservice.dbus;
