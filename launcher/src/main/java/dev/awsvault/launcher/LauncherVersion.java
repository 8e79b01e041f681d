package dev.awsvault.launcher;

/**
 * Versions the launcher exports through the system bundle. Constants, so that no resource is read at start-up;
 * {@code LauncherVersionTest} fails the build when they drift from the jars on the class path.
 */
final class LauncherVersion {
    /** The package version of {@code dev.awsvault.invocation} (its package-info). */
    static final String INVOCATION_VERSION = "1.1.0";
    /** The JNA version on the launcher's class path ({@code jna.version} in the parent POM). */
    static final String JNA_VERSION = "5.19.1";

    private LauncherVersion() {
    }
}
