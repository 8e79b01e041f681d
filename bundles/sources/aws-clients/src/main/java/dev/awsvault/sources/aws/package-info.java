/**
 * AWS SDK v2 clients for credential sources, built only from an {@link dev.awsvault.api.source.AwsClientSettings}
 * (the SDK never reads the environment's region, endpoints or profile files on its own), and one-line messages for
 * AWS errors. 1.1.0: unsigned SSO and SSO-OIDC clients. 1.2.0: IAM clients ({@code rotate}) and
 * {@link dev.awsvault.sources.aws.AwsErrors#errorCode}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.awsvault.sources.aws;
