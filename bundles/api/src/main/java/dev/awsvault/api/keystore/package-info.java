/**
 * The keystore-backend SPI. A backend bundle registers a {@link dev.awsvault.api.keystore.KeystoreBackend}
 * service whose {@link dev.awsvault.api.keystore.KeystoreBackend#NAME} property is the name users give to
 * {@code --backend}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.api.keystore;
