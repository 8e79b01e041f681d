/**
 * The {@code osascript} prompt driver (private package): {@link dev.awsvault.prompt.osascript.OsascriptPromptDriver}
 * is registered as a {@link dev.awsvault.api.prompt.PromptDriver} service by Declarative Services. The bundle
 * resolves only on macOS: Felix gives the system bundle {@code osgi.native.osname=[macosx, mac os x]} there, and the
 * approximate match {@code ~=} ignores case and spaces.
 */
@org.osgi.annotation.bundle.Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=MacOSX)")
package dev.awsvault.prompt.osascript;
