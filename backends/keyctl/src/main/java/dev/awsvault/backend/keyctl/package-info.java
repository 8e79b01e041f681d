/**
 * The {@code keyctl} keystore backend (private package): {@link dev.awsvault.backend.keyctl.KeyctlKeystoreBackend}
 * is registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services.
 */
package dev.awsvault.backend.keyctl;
