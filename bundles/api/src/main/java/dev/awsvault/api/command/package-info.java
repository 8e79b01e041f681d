/**
 * The command SPI. A command bundle registers {@link dev.awsvault.api.command.Command} services; the core parses
 * the command line with the command's {@link dev.awsvault.api.command.CommandSpec} (kingpin's conventions: flags
 * anywhere, {@code --no-<flag>} for booleans, {@code --} ends flags) and runs it. Commands never touch jline, so
 * the headless launcher and the shell run the same verbs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.awsvault.api.command;
