package dev.awsvault.invocation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Secrets a resident agent keeps in memory for a while, so that a user who unlocked a keystore is not asked again on
 * every call. Registered as a service by the agent only; with no such service nothing is kept. Implementations never
 * write a secret to disk or to a log, and forget each one after their time to live.
 */
@ProviderType
public interface SecretCache {

    /** A copy of the secret kept under {@code key}, or null when there is none (or it expired). The caller clears it. */
    char[] get(String key);

    /** Keeps a copy of {@code secret} under {@code key}; the caller still clears its own array. */
    void put(String key, char[] secret);

    /** Forgets the secret under {@code key} (e.g. after it proved wrong). */
    void remove(String key);
}
