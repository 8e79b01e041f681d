/**
 * The AWS config file ({@code ~/.aws/config}) as aws-vault reads it: an ini parser compatible with the
 * {@code gopkg.in/ini.v1} options aws-vault uses (plus the ByteNess fork's inline-comment fix), the profile
 * resolver ({@code include_profile}, {@code [default]}, {@code source_profile}, {@code [sso-session]},
 * environment variables and CLI flags), Go duration syntax, and a byte-preserving "append a profile" writer. Also
 * the plain-text shared credentials file ({@code ~/.aws/credentials}), for importing its keys and then removing
 * them.
 *
 * <p>Entry points: {@link dev.awsvault.core.config.ConfigFile#load(java.nio.file.Path)},
 * {@link dev.awsvault.core.config.ConfigLoader#load(String)} and {@link dev.awsvault.core.config.GoDuration}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.awsvault.core.config;
