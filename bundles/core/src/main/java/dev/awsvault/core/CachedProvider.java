package dev.awsvault.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.api.source.CredentialSourceException;
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
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

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
        String prefix = lookup.prefix();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(prefix, k -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = lockFile(prefix); FileLock lock = channel == null ? null : channel.lock()) {
            cached = fresh(lookup);
            if (cached.isPresent()) {
                return cached.get();
            }
            AwsCredentials credentials = inner.retrieve();
            if (credentials.canExpire()) {
                context.vault().sessions().set(type, profile, mfaSerial, credentials);
            }
            return credentials;
        } catch (IOException e) {
            throw new CredentialSourceException("cannot lock the session cache: " + e.getMessage());
        } finally {
            local.unlock();
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

    /**
     * The lock file of a cache prefix, in a private directory: {@code $XDG_RUNTIME_DIR/aws-vault/locks}, else
     * {@code ~/.awsvault/locks}. Null when neither can be made (then only this process is serialised).
     */
    private FileChannel lockFile(String prefix) {
        String runtime = context.environment().get("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isEmpty() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime, "aws-vault", "locks")
                : context.homeDirectory().resolve(".awsvault").resolve("locks");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's default ACL applies
                }
            }
            Path file = dir.resolve(sha256(prefix) + ".lock");
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
