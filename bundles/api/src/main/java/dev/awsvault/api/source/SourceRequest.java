package dev.awsvault.api.source;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.awsvault.api.source.CredentialSource.CredentialProvider;

/** What a source is asked for: a resolved profile, the caller's environment and what the core decided. */
@ProviderType
public interface SourceRequest {

    /** The profile's name, without {@code profile } prefix. */
    String profileName();

    /**
     * A resolved config value (flags › environment › profile › include_profile › [default] › defaults); keys
     * lower-case, e.g. {@code role_arn}, {@code mfa_serial} (already cleared where the original's chained-MFA rule
     * clears it), {@code session_tags} ({@code k=v,k2=v2}), {@code credential_process}.
     */
    Optional<String> value(String key);

    /** The caller's environment (never the process's, which may belong to an agent). */
    Map<String, String> environment();

    /** For wrappers: the credentials to call AWS with. Empty for base sources. */
    Optional<CredentialProvider> upstream();

    /** The session duration the core chose by the original's rules (flags, TTL variables, duration_seconds). */
    Duration duration();

    /** One-time codes for MFA devices: {@code --mfa-token} › {@code mfa_process} › the prompt driver. */
    MfaCodes mfa();

    /** Region, endpoints and limits for AWS clients. */
    AwsClientSettings aws();

    /** The caller's error stream, for messages such as SSO's sign-in link. */
    PrintStream messages();

    /** Whether a sign-in page may be opened in the browser ({@code --stdout} asks to print the link only). */
    boolean mayOpenBrowser();

    /** The selected keystore, for what a source keeps between runs (SSO tokens under {@code oidc:<start URL>}). */
    SourceStore store();

    /**
     * Takes a lock shared by every process of the user, for work that must happen once however many processes ask
     * (an SSO sign-in); blocks until it is free. Close it to release it.
     */
    SourceLock lock(String name);
}
