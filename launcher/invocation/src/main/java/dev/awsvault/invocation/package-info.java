/**
 * The invocation contract between a front end and the command services inside the framework.
 * Commands never read {@code System.in/out}, {@code System.getenv()} or other process-wide state:
 * everything arrives in one {@link dev.awsvault.invocation.Invocation}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.awsvault.invocation;
