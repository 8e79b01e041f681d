package dev.awsvault.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.core.config.GoDuration;

/**
 * The original's session cache ({@code vault/cachedsessionprovider.go}) around a provider: a cached session is used
 * until it expires within {@code AWS_MIN_TTL} (default 5 minutes); a fresh one replaces the older ones of the same
 * type, profile and MFA serial. Beyond the original, a refresh holds a lock shared by every process of the user
 * (a file lock per cache prefix), and looks in the cache again once it has the lock: many processes asking at once
 * make one AWS call.
 */
final class CachedProvider implements CredentialProvider {
    static final Duration DEFAULT_MIN_TTL = Duration.ofMinutes(5);

    private final VaultContext context;
    private final String type;
    private final String profile;
    private final String mfaSerial;
    private final CredentialProvider inner;

    CachedProvider(VaultContext context, String type, String profile, String mfaSerial, CredentialProvider inner) {
        this.context = context;
        this.type = type;
        this.profile = profile;
        this.mfaSerial = mfaSerial;
        this.inner = inner;
    }

    @Override
    public AwsCredentials retrieve() {
        SessionKey lookup = new SessionKey(type, profile, mfaSerial, Instant.EPOCH);
        Optional<AwsCredentials> cached = fresh(lookup);
        if (cached.isPresent()) {
            return cached.get();
        }
        try (UserLock lock = UserLock.take(context, lookup.prefix())) {
            cached = fresh(lookup);
            if (cached.isPresent()) {
                return cached.get();
            }
            AwsCredentials credentials = inner.retrieve();
            if (credentials.canExpire()) {
                context.vault().sessions().set(type, profile, mfaSerial, credentials);
            }
            return credentials;
        }
    }

    /** A cached session with more than the minimum TTL left; removes old sessions first, as the original does. */
    private Optional<AwsCredentials> fresh(SessionKey lookup) {
        SessionKeyring sessions = context.vault().sessions();
        Instant now = Instant.now();
        sessions.removeOldSessions(now);
        Instant threshold = now.plus(minTtl(context.environment()));
        return sessions.get(lookup).filter(c -> c.expiration().map(e -> e.isAfter(threshold)).orElse(false));
    }

    static Duration minTtl(Map<String, String> env) {
        String v = env.get("AWS_MIN_TTL");
        if (v == null || v.isEmpty()) {
            return DEFAULT_MIN_TTL;
        }
        return GoDuration.tryParse(v).orElse(DEFAULT_MIN_TTL);
    }
}
