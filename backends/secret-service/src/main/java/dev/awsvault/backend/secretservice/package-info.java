/**
 * The {@code secret-service} keystore backend (private package):
 * {@link dev.awsvault.backend.secretservice.SecretServiceKeystoreBackend} is registered as a
 * {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services.
 */
package dev.awsvault.backend.secretservice;
