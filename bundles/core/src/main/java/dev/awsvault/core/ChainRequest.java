package dev.awsvault.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSource.CredentialProvider;
import dev.awsvault.api.source.MfaCodes;
import dev.awsvault.api.source.SourceLock;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.api.source.SourceStore;
import dev.awsvault.core.config.ProfileConfig;

/** A request to one source for one node of the provider tree. */
final class ChainRequest implements SourceRequest {
    /** The profile's role settings, none of which applies to a role named by the caller ({@link #forRole}). */
    private static final Set<String> ROLE_KEYS = Set.of("role_arn", "role_session_name", "external_id", "session_tags",
            "transitive_session_tags", "source_identity");

    private final VaultContext context;
    private final ProfileConfig profile;
    private final String mfaSerial;
    private final CredentialProvider upstream;
    private final Duration duration;
    private final boolean mayOpenBrowser;
    private final boolean avoidTerminal;
    private final String roleArn; // null: the profile's own role settings apply

    ChainRequest(VaultContext context, ProfileConfig profile, String mfaSerial, CredentialProvider upstream,
            Duration duration, boolean mayOpenBrowser, boolean avoidTerminal) {
        this(context, profile, mfaSerial, upstream, duration, mayOpenBrowser, avoidTerminal, null);
    }

    private ChainRequest(VaultContext context, ProfileConfig profile, String mfaSerial, CredentialProvider upstream,
            Duration duration, boolean mayOpenBrowser, boolean avoidTerminal, String roleArn) {
        this.mayOpenBrowser = mayOpenBrowser;
        this.avoidTerminal = avoidTerminal;
        this.context = context;
        this.profile = profile;
        this.mfaSerial = mfaSerial;
        this.upstream = upstream;
        this.duration = duration;
        this.roleArn = roleArn;
    }

    /**
     * AssumeRole of {@code roleArn} on top of {@code upstream}, with the profile's region, endpoints and AssumeRole
     * duration but none of its role settings and no MFA (the ECS server's {@code /role-arn/} route).
     */
    static ChainRequest forRole(VaultContext context, ProfileConfig profile, String roleArn,
            CredentialProvider upstream, boolean avoidTerminal) {
        return new ChainRequest(context, profile, "", upstream, profile.assumeRoleDuration(), false, avoidTerminal,
                roleArn);
    }

    @Override
    public String profileName() {
        return profile.profileName();
    }

    @Override
    public Optional<String> value(String key) {
        if ("mfa_serial".equals(key)) {
            return mfaSerial.isEmpty() ? Optional.empty() : Optional.of(mfaSerial);
        }
        if (roleArn != null && ROLE_KEYS.contains(key)) {
            return "role_arn".equals(key) ? Optional.of(roleArn) : Optional.empty();
        }
        return profile.value(key);
    }

    @Override
    public Map<String, String> environment() {
        return context.environment();
    }

    @Override
    public Optional<CredentialProvider> upstream() {
        return Optional.ofNullable(upstream);
    }

    @Override
    public Duration duration() {
        return duration;
    }

    @Override
    public MfaCodes mfa() {
        return new MfaCodeSource(context, profile, avoidTerminal);
    }

    @Override
    public AwsClientSettings aws() {
        return new ClientSettings(profile, context.environment());
    }

    @Override
    public PrintStream messages() {
        return context.messages();
    }

    @Override
    public boolean mayOpenBrowser() {
        return mayOpenBrowser;
    }

    @Override
    public SourceStore store() {
        return new SourceStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return context.vault().keystore().get(key).map(KeystoreItem::data);
            }

            @Override
            public void set(String key, byte[] data, String label, String description) {
                context.vault().keystore().set(new KeystoreItem(key, data, label, description, false, false));
            }

            @Override
            public boolean remove(String key) {
                return context.vault().keystore().remove(key);
            }
        };
    }

    @Override
    public SourceLock lock(String name) {
        return UserLock.take(context, name);
    }
}
