package dev.awsvault.api.keystore;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored item, with the fields of the original's keyring item. {@link #data()} is the payload (for
 * credentials, the JSON the original writes); {@link #toString()} never shows it.
 */
public final class KeystoreItem {
    private final String key;
    private final byte[] data;
    private final String label;
    private final String description;
    private final boolean keychainNotTrustApplication;
    private final boolean keychainNotSynchronizable;

    public KeystoreItem(String key, byte[] data, String label, String description,
            boolean keychainNotTrustApplication, boolean keychainNotSynchronizable) {
        this.key = Objects.requireNonNull(key, "key");
        this.data = Objects.requireNonNull(data, "data").clone();
        this.label = label == null ? "" : label;
        this.description = description == null ? "" : description;
        this.keychainNotTrustApplication = keychainNotTrustApplication;
        this.keychainNotSynchronizable = keychainNotSynchronizable;
    }

    public String key() {
        return key;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean keychainNotTrustApplication() {
        return keychainNotTrustApplication;
    }

    public boolean keychainNotSynchronizable() {
        return keychainNotSynchronizable;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeystoreItem)) {
            return false;
        }
        KeystoreItem that = (KeystoreItem) o;
        return key.equals(that.key) && Arrays.equals(data, that.data) && label.equals(that.label)
                && description.equals(that.description)
                && keychainNotTrustApplication == that.keychainNotTrustApplication
                && keychainNotSynchronizable == that.keychainNotSynchronizable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, label, description) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "KeystoreItem[key=" + key + ", label=" + label + ", " + data.length + " bytes]";
    }
}
