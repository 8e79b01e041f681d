package dev.awsvault.backend.keychain;

/** Constant values ({@code const CFStringRef} symbols of Security.framework) used in queries. */
enum SecConstant {
    CLASS_GENERIC_PASSWORD("kSecClassGenericPassword"),
    MATCH_LIMIT_ONE("kSecMatchLimitOne"),
    MATCH_LIMIT_ALL("kSecMatchLimitAll");

    private final String symbol;

    SecConstant(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }
}
