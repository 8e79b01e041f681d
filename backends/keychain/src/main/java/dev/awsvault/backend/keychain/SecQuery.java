package dev.awsvault.backend.keychain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Keychain Services dictionary (query or attributes) in plain Java values. It becomes a CFDictionary only at the
 * OS boundary ({@link NativeKeychainServices}), so what the keystore asks for can be checked without macOS. Values
 * are typed by {@link SecAttribute#valueType()}; {@link #toString()} never shows item data.
 */
final class SecQuery {

    /** A keychain file, as given to {@code SecKeychainOpen} (relative paths are under ~/Library/Keychains). */
    record Keychain(String path) {
        Keychain {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The access object of a new item, made with {@code SecAccessCreate(label, trustedList)}: with
     * {@code trustNoApplication} the trusted-application list is an empty CFArray (every read asks the user),
     * otherwise NULL (the default: the creating application is trusted).
     */
    record Access(String label, boolean trustNoApplication) {
        Access {
            Objects.requireNonNull(label, "label");
        }
    }

    private final Map<SecAttribute, Object> entries = new EnumMap<>(SecAttribute.class);

    SecQuery put(SecAttribute attribute, Object value) {
        Objects.requireNonNull(value, attribute.name());
        if (!attribute.valueType().isInstance(value)) {
            throw new IllegalArgumentException(attribute + " takes " + attribute.valueType().getSimpleName()
                    + ", not " + value.getClass().getSimpleName());
        }
        entries.put(attribute, value instanceof byte[] ? ((byte[]) value).clone() : value);
        return this;
    }

    /** The value of {@code attribute}, or null. */
    Object get(SecAttribute attribute) {
        Object value = entries.get(attribute);
        return value instanceof byte[] ? ((byte[]) value).clone() : value;
    }

    boolean has(SecAttribute attribute) {
        return entries.containsKey(attribute);
    }

    /** The entries in {@link SecAttribute} order (byte arrays are not copied: callers must not change them). */
    Map<SecAttribute, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        entries.forEach((attribute, value) -> {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(attribute.symbol()).append('=');
            text.append(value instanceof byte[] ? "<" + ((byte[]) value).length + " bytes>" : value);
        });
        return text.append('}').toString();
    }
}
