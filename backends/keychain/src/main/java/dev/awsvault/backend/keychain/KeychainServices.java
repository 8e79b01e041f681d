package dev.awsvault.backend.keychain;

import java.util.List;
import java.util.Objects;

/**
 * The part of Keychain Services this backend calls, in Java terms. Every method returns the OSStatus ({@code 0}:
 * success) instead of throwing, so the keystore decides what each status means. {@link NativeKeychainServices} calls
 * Security.framework; the tests use an in-memory fake.
 */
interface KeychainServices {

    /** {@code SecKeychainOpen} + {@code SecKeychainGetStatus}: 0 when the keychain file exists. */
    int keychainStatus(String path);

    /** {@code SecKeychainCreate} with {@code promptUser}: macOS asks the user for the new keychain's password. */
    int createKeychain(String path);

    /** {@code SecItemAdd}. */
    int add(SecQuery attributes);

    /** {@code SecItemUpdate}. */
    int update(SecQuery query, SecQuery changes);

    /** {@code SecItemDelete}. */
    int delete(SecQuery query);

    /** {@code SecItemCopyMatching}; the items are empty unless the status is 0. */
    Matches copyMatching(SecQuery query);

    /** The outcome of a search. */
    record Matches(int status, List<FoundItem> items) {
        public Matches {
            items = List.copyOf(items);
        }
    }

    /** One item found: the attributes asked for (null when absent) and its data (when asked for, else null). */
    record FoundItem(String account, String label, String description, byte[] data) {
        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FoundItem that && Objects.equals(account, that.account)
                    && Objects.equals(label, that.label) && Objects.equals(description, that.description)
                    && java.util.Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(account, label, description) * 31 + java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "FoundItem[account=" + account + ", label=" + label + ", "
                    + (data == null ? "no data" : data.length + " bytes") + "]";
        }
    }
}
