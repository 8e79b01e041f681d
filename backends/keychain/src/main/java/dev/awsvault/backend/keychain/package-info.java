/**
 * The {@code keychain} keystore backend (private package): {@link dev.awsvault.backend.keychain.KeychainKeystoreBackend}
 * is registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services. The bundle
 * resolves only on macOS: Felix gives the system bundle {@code osgi.native.osname=[macosx, mac os x]} there, and the
 * approximate match {@code ~=} ignores case and spaces ({@code =MacOSX} would never match).
 */
@org.osgi.annotation.bundle.Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=MacOSX)")
package dev.awsvault.backend.keychain;
