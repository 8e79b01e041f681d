/** Value types shared by every SPI: credentials and the user-facing error. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.api;
