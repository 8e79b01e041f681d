/**
 * The {@code wincred} keystore backend (private package): {@link dev.awsvault.backend.wincred.WinCredKeystoreBackend}
 * is registered as a {@link dev.awsvault.api.keystore.KeystoreBackend} service by Declarative Services. The bundle
 * resolves only on Windows: Felix's {@code osgi.native.osname} list holds {@code win32} on every Windows version
 * (Windows 11 and Server 2022 get only {@code win32}), matched with {@code ~=} so case does not matter.
 */
@org.osgi.annotation.bundle.Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=win32)")
package dev.awsvault.backend.wincred;
