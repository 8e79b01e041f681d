package dev.awsvault.backend.wincred;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A generic credential as this backend reads and writes it: the target name, the blob and the application
 * attributes. The rest of {@code CREDENTIALW} is fixed by {@link NativeCredentialManager} (type generic, persist
 * local machine, empty comment, alias and user name, as the original writes them). {@link #toString()} never shows
 * the blob.
 */
record Credential(String targetName, byte[] blob, List<Attribute> attributes) {

    /** A {@code CREDENTIAL_ATTRIBUTEW}: keyword and value bytes. */
    record Attribute(String keyword, byte[] value) {
        Attribute {
            Objects.requireNonNull(keyword, "keyword");
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attribute that && keyword.equals(that.keyword) && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return keyword.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Attribute[" + keyword + ", " + value.length + " bytes]";
        }
    }

    Credential {
        Objects.requireNonNull(targetName, "targetName");
        blob = blob.clone();
        attributes = List.copyOf(attributes);
    }

    Credential(String targetName, byte[] blob) {
        this(targetName, blob, List.of());
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** The value of the attribute named {@code keyword}, or null. */
    byte[] attribute(String keyword) {
        return attributes.stream().filter(a -> a.keyword().equals(keyword)).map(Attribute::value).findFirst()
                .orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential that && targetName.equals(that.targetName) && Arrays.equals(blob, that.blob)
                && attributes.equals(that.attributes);
    }

    @Override
    public int hashCode() {
        return targetName.hashCode() * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "Credential[" + targetName + ", " + blob.length + " bytes, " + attributes + "]";
    }
}
