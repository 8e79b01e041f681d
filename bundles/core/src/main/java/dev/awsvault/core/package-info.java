/**
 * The core's services for command bundles: the per-invocation {@link dev.awsvault.core.VaultContext} (config,
 * selected keystore, prompts) and the original's keyring layouts on top of any keystore (credentials, sessions,
 * OIDC tokens).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package dev.awsvault.core;
