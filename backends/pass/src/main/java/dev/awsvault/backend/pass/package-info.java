/**
 * The {@code pass} keystore backend (private package): {@link dev.awsvault.backend.pass.PassKeystoreBackend}
 * is registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services.
 */
package dev.awsvault.backend.pass;
