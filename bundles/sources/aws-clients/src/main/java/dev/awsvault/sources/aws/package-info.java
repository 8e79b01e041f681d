/**
 * AWS SDK v2 clients for credential sources, built only from an {@link dev.awsvault.api.source.AwsClientSettings}
 * (the SDK never reads the environment's region, endpoints or profile files on its own), and one-line messages for
 * AWS errors.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.sources.aws;
