/**
 * The {@code kwallet} keystore backend (private package): {@link dev.awsvault.backend.kwallet.KwalletBackend} is
 * registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services and talks to
 * kwalletd5 over D-Bus with dbus-java.
 */
package dev.awsvault.backend.kwallet;
