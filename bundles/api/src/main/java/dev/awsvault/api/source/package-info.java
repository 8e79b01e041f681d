/**
 * The credential-source SPI: where a profile's credentials come from (stored keys, STS sessions, roles, web
 * identity, credential_process, SSO). The core builds the provider chain from these services, so a third-party
 * source bundle can join it. The shape is fixed here; the sources themselves come with the credential-sources work.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.api.source;
