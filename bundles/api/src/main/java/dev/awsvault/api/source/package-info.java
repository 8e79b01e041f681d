/**
 * The credential-source SPI: where a profile's credentials come from. The core keeps the original's provider tree
 * (stored keys win over {@code source_profile}; a role is assumed on top of what the source yields; GetSessionToken
 * wraps only the stored keys) and asks named sources for its nodes; profiles without stored keys or
 * {@code source_profile} go to the {@link dev.awsvault.api.source.CredentialSource#KIND_BASE base} sources in
 * {@code service.ranking} order, so a third-party source joins the chain. The core wraps every provider in the
 * original's session cache.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package dev.awsvault.api.source;
