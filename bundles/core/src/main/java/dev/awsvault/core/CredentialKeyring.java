package dev.awsvault.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.core.internal.CredentialsJson;

/**
 * Long-term credentials as the original stores them: key = profile name, label {@code aws-vault (<profile>)},
 * payload = Go {@code aws.Credentials} JSON, marked not trusted by the keychain.
 */
public final class CredentialKeyring {
    private final Keystore keystore;

    CredentialKeyring(Keystore keystore) {
        this.keystore = keystore;
    }

    /** Names of stored credentials: every key that is neither a session key (current or legacy) nor an OIDC token. */
    public List<String> names() throws KeystoreException {
        List<String> names = new ArrayList<>();
        for (String key : keystore.keys()) {
            if (!SessionKey.isSessionKey(key) && !SessionKey.isLegacySessionKey(key) && !SessionKeyring.isOidcKey(key)) {
                names.add(key);
            }
        }
        return names;
    }

    public boolean has(String profile) throws KeystoreException {
        return keystore.keys().contains(profile);
    }

    /** The stored credentials, or empty when there are none under that name. */
    public Optional<AwsCredentials> get(String profile) throws KeystoreException {
        Optional<KeystoreItem> item = keystore.get(profile);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        byte[] data = item.get().data();
        try {
            return Optional.of(CredentialsJson.readLongTerm(data, profile));
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    public void set(String profile, AwsCredentials credentials) throws KeystoreException {
        byte[] data = CredentialsJson.writeLongTerm(credentials);
        try {
            keystore.set(new KeystoreItem(profile, data, "aws-vault (" + profile + ")", "", true, false));
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    public boolean remove(String profile) throws KeystoreException {
        return keystore.remove(profile);
    }
}
