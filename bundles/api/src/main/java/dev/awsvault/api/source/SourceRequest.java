package dev.awsvault.api.source;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** A profile as resolved from the config (keys lower-cased), and the caller's environment. */
@ProviderType
public interface SourceRequest {

    /** The profile's name, without {@code profile } prefix. */
    String profileName();

    /** A resolved config value for this profile (after include_profile, [default] and environment overrides). */
    Optional<String> value(String key);

    /** The caller's environment. */
    Map<String, String> environment();
}
