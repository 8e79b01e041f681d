package dev.awsvault.backend.keychain;

/**
 * The Keychain Services dictionary keys this backend uses, each with the Security.framework symbol that holds the
 * key's CFString and the Java type its value has in a {@link SecQuery}.
 */
enum SecAttribute {
    CLASS("kSecClass", SecConstant.class),
    SERVICE("kSecAttrService", String.class),
    ACCOUNT("kSecAttrAccount", String.class),
    LABEL("kSecAttrLabel", String.class),
    DESCRIPTION("kSecAttrDescription", String.class),
    VALUE_DATA("kSecValueData", byte[].class),
    /** A SecAccessRef built from {@link SecQuery.Access} (macOS file keychains only). */
    ACCESS("kSecAttrAccess", SecQuery.Access.class),
    /** The keychain an added item goes to: a SecKeychainRef opened from {@link SecQuery.Keychain}. */
    USE_KEYCHAIN("kSecUseKeychain", SecQuery.Keychain.class),
    /** The keychains a search looks in: a one-element CFArray of the SecKeychainRef of {@link SecQuery.Keychain}. */
    MATCH_SEARCH_LIST("kSecMatchSearchList", SecQuery.Keychain.class),
    MATCH_LIMIT("kSecMatchLimit", SecConstant.class),
    RETURN_ATTRIBUTES("kSecReturnAttributes", Boolean.class),
    RETURN_DATA("kSecReturnData", Boolean.class);

    private final String symbol;
    private final Class<?> valueType;

    SecAttribute(String symbol, Class<?> valueType) {
        this.symbol = symbol;
        this.valueType = valueType;
    }

    /** The exported Security.framework constant ({@code const CFStringRef}). */
    String symbol() {
        return symbol;
    }

    Class<?> valueType() {
        return valueType;
    }
}
