/**
 * The {@code wincredui} prompt driver (private package): {@link dev.awsvault.prompt.wincredui.WinCredUiPromptDriver}
 * is registered as a {@link dev.awsvault.api.prompt.PromptDriver} service by Declarative Services. The bundle
 * resolves only on Windows: Felix's {@code osgi.native.osname} list holds {@code win32} on every Windows version,
 * matched with {@code ~=} so case does not matter. credui.dll is loaded through JNA (from the system bundle) on the
 * first prompt, never on other systems.
 */
@org.osgi.annotation.bundle.Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=win32)")
package dev.awsvault.prompt.wincredui;
