/**
 * The {@code file} keystore backend (private package): {@link dev.awsvault.backend.file.FileKeystoreBackend}
 * is registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services.
 */
package dev.awsvault.backend.file;
