package dev.awsvault.backend.keychain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Items as generic passwords in one keychain file, in the original's layout: service {@code aws-vault}, account =
 * key, label and description from the item, data = the raw payload. Items that must not trust the application
 * (long-term credentials) get an access object with an empty trusted-application list, so macOS asks before every
 * read; the others get {@code SecAccessCreate(label, NULL)}, the default ACL that trusts the creating program.
 * The keychain file is created (macOS asks for its password) on the first write, never on a read.
 */
final class KeychainKeystore implements Keystore {
    static final String SERVICE = "aws-vault";

    private final ServicesLoader loader;
    /** The keychain file ({@code <name>.keychain}), or null for the user's default keychain search list. */
    private final String keychainPath;
    /** False only in unattended tests on macOS: there every read of an untrusting item would show a dialog. */
    private final boolean honourNotTrustApplication;
    private KeychainServices services;

    /** Loads the native bridge on first use, so that opening the keystore loads nothing. */
    @FunctionalInterface
    interface ServicesLoader {
        KeychainServices load() throws KeystoreException;
    }

    KeychainKeystore(ServicesLoader loader, String keychainPath) {
        this(loader, keychainPath, true);
    }

    KeychainKeystore(ServicesLoader loader, String keychainPath, boolean honourNotTrustApplication) {
        this.loader = loader;
        this.keychainPath = keychainPath;
        this.honourNotTrustApplication = honourNotTrustApplication;
    }

    /** {@code --keychain aws-vault} → {@code aws-vault.keychain}; an empty name means the default search list. */
    static String keychainPath(String name) {
        return name.isEmpty() ? null : name + ".keychain";
    }

    String keychainPath() {
        return keychainPath;
    }

    @Override
    public List<String> keys() throws KeystoreException {
        SecQuery query = itemQuery()
                .put(SecAttribute.MATCH_LIMIT, SecConstant.MATCH_LIMIT_ALL)
                .put(SecAttribute.RETURN_ATTRIBUTES, true);
        KeychainServices.Matches found = services().copyMatching(query);
        if (isNothingThere(found.status())) {
            return List.of();
        }
        check(found.status(), "listing items");
        Set<String> accounts = new LinkedHashSet<>();
        for (KeychainServices.FoundItem item : found.items()) {
            if (item.account() != null) {
                accounts.add(item.account());
            }
        }
        return new ArrayList<>(accounts);
    }

    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        SecQuery query = itemQuery()
                .put(SecAttribute.ACCOUNT, key)
                .put(SecAttribute.MATCH_LIMIT, SecConstant.MATCH_LIMIT_ONE)
                .put(SecAttribute.RETURN_ATTRIBUTES, true)
                .put(SecAttribute.RETURN_DATA, true);
        KeychainServices.Matches found = services().copyMatching(query);
        if (isNothingThere(found.status()) || found.status() == OsStatus.SUCCESS && found.items().isEmpty()) {
            return Optional.empty();
        }
        check(found.status(), "reading \"" + key + "\"");
        KeychainServices.FoundItem item = found.items().get(0);
        byte[] data = item.data() == null ? new byte[0] : item.data();
        // As the original: the trust and sync flags are write-only (they shape the ACL, not stored attributes)
        return Optional.of(new KeystoreItem(key, data, item.label(), item.description(), false, false));
    }

    @Override
    public void set(KeystoreItem item) throws KeystoreException {
        String action = "storing \"" + item.key() + "\"";
        if (keychainPath != null) {
            ensureKeychain();
        }
        SecQuery attributes = new SecQuery()
                .put(SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD)
                .put(SecAttribute.SERVICE, SERVICE)
                .put(SecAttribute.ACCOUNT, item.key())
                .put(SecAttribute.VALUE_DATA, item.data())
                .put(SecAttribute.ACCESS, new SecQuery.Access(item.label(),
                        honourNotTrustApplication && item.keychainNotTrustApplication()));
        // The original leaves out empty strings rather than storing them
        if (!item.label().isEmpty()) {
            attributes.put(SecAttribute.LABEL, item.label());
        }
        if (!item.description().isEmpty()) {
            attributes.put(SecAttribute.DESCRIPTION, item.description());
        }
        if (keychainPath != null) {
            attributes.put(SecAttribute.USE_KEYCHAIN, new SecQuery.Keychain(keychainPath));
        }
        int status = services().add(attributes);
        if (status == OsStatus.DUPLICATE_ITEM) {
            status = replace(item);
            if (status == OsStatus.ITEM_NOT_FOUND) { // removed between our add and update: add once more
                status = services().add(attributes);
            }
        }
        check(status, action);
    }

    /**
     * Replaces data, label and description of an existing item in one {@code SecItemUpdate}, so a crash leaves the
     * old item or the new one (the original deletes and re-adds). The item keeps its access object.
     */
    private int replace(KeystoreItem item) throws KeystoreException {
        SecQuery query = itemQuery().put(SecAttribute.ACCOUNT, item.key());
        SecQuery changes = new SecQuery()
                .put(SecAttribute.VALUE_DATA, item.data())
                .put(SecAttribute.LABEL, item.label())
                .put(SecAttribute.DESCRIPTION, item.description());
        return services().update(query, changes);
    }

    @Override
    public boolean remove(String key) throws KeystoreException {
        int status = services().delete(itemQuery().put(SecAttribute.ACCOUNT, key));
        if (isNothingThere(status)) {
            return false;
        }
        check(status, "removing \"" + key + "\"");
        return true;
    }

    /** Creates the keychain file when it does not exist yet; macOS shows its own password dialog. */
    private void ensureKeychain() throws KeystoreException {
        int status = services().keychainStatus(keychainPath);
        if (status == OsStatus.NO_SUCH_KEYCHAIN) {
            status = services().createKeychain(keychainPath);
            if (status == OsStatus.DUPLICATE_KEYCHAIN) { // created meanwhile by another process
                status = OsStatus.SUCCESS;
            }
            check(status, "creating the keychain");
            return;
        }
        check(status, "opening the keychain");
    }

    /** Class, service and (for a named keychain) the search list: what every lookup starts from. */
    private SecQuery itemQuery() {
        SecQuery query = new SecQuery()
                .put(SecAttribute.CLASS, SecConstant.CLASS_GENERIC_PASSWORD)
                .put(SecAttribute.SERVICE, SERVICE);
        if (keychainPath != null) {
            query.put(SecAttribute.MATCH_SEARCH_LIST, new SecQuery.Keychain(keychainPath));
        }
        return query;
    }

    /** No such item, or no keychain file yet (nothing was ever stored): both mean "nothing there". */
    private static boolean isNothingThere(int status) {
        return status == OsStatus.ITEM_NOT_FOUND || status == OsStatus.NO_SUCH_KEYCHAIN;
    }

    private void check(int status, String action) throws KeystoreException {
        if (status != OsStatus.SUCCESS) {
            throw new KeystoreException(failure(keychainPath, action, status));
        }
    }

    /** {@code macOS keychain "aws-vault.keychain": storing "default" failed: <reason> (OSStatus N)}. */
    static String failure(String keychainPath, String action, int status) {
        String where = keychainPath == null ? "macOS default keychain" : "macOS keychain \"" + keychainPath + "\"";
        return where + ": " + action + " failed: " + OsStatus.describe(status);
    }

    private KeychainServices services() throws KeystoreException {
        if (services == null) {
            services = loader.load();
        }
        return services;
    }
}
