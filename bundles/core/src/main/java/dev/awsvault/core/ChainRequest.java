package dev.awsvault.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
    private final VaultContext context;
    private final ProfileConfig profile;
    private final String mfaSerial;
    private final CredentialProvider upstream;
    private final Duration duration;
    private final boolean mayOpenBrowser;

    ChainRequest(VaultContext context, ProfileConfig profile, String mfaSerial, CredentialProvider upstream,
            Duration duration, boolean mayOpenBrowser) {
        this.mayOpenBrowser = mayOpenBrowser;
        this.context = context;
        this.profile = profile;
        this.mfaSerial = mfaSerial;
        this.upstream = upstream;
        this.duration = duration;
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
        return new MfaCodeSource(context, profile);
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
