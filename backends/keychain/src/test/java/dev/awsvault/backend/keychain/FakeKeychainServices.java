package dev.awsvault.backend.keychain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory Keychain Services with the rules the keystore relies on: keychain files that exist or not, generic
 * passwords unique per (keychain, service, account), errSecDuplicateItem on a second add, errSecItemNotFound on an
 * empty match, errSecNoSuchKeychain for a missing file, errSecParam for keys that do not belong in a call. It
 * records every call and can fail the next call of an operation with a given status.
 */
final class FakeKeychainServices implements KeychainServices {
    static final int ERR_SEC_PARAM = -50;
    /** The user's default keychain, used when a query names none. */
    static final String DEFAULT_KEYCHAIN = "<default>";

    /** One stored generic password with everything the keystore can set. */
    static final class Stored {
        String service;
        String account;
        String label;
        String description;
        byte[] data;
        SecQuery.Access access;
    }

    /** One recorded call. */
    record Call(String operation, SecQuery query, SecQuery changes) {
    }

    private static final Set<SecAttribute> ADD_KEYS = EnumSet.of(SecAttribute.CLASS, SecAttribute.SERVICE,
            SecAttribute.ACCOUNT, SecAttribute.LABEL, SecAttribute.DESCRIPTION, SecAttribute.VALUE_DATA,
            SecAttribute.ACCESS, SecAttribute.USE_KEYCHAIN);
    private static final Set<SecAttribute> SEARCH_KEYS = EnumSet.of(SecAttribute.CLASS, SecAttribute.SERVICE,
            SecAttribute.ACCOUNT, SecAttribute.LABEL, SecAttribute.DESCRIPTION, SecAttribute.MATCH_SEARCH_LIST,
            SecAttribute.MATCH_LIMIT, SecAttribute.RETURN_ATTRIBUTES, SecAttribute.RETURN_DATA);
    private static final Set<SecAttribute> UPDATE_KEYS = EnumSet.of(SecAttribute.VALUE_DATA, SecAttribute.LABEL,
            SecAttribute.DESCRIPTION);

    private final Map<String, List<Stored>> keychains = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    /** What SecKeychainCreate answers (the user may cancel the password dialog). */
    int createStatus = OsStatus.SUCCESS;

    FakeKeychainServices() {
        keychains.put(DEFAULT_KEYCHAIN, new ArrayList<>());
    }

    FakeKeychainServices withKeychain(String path) {
        keychains.putIfAbsent(path, new ArrayList<>());
        return this;
    }

    boolean hasKeychain(String path) {
        return keychains.containsKey(path);
    }

    List<Stored> items(String path) {
        return keychains.getOrDefault(path, List.of());
    }

    Stored item(String path, String account) {
        return items(path).stream().filter(s -> s.account.equals(account)).findFirst().orElse(null);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    void clearCalls() {
        calls.clear();
    }

    /** The next call of {@code operation} ({@code add}, {@code update}, …) returns {@code status}. */
    void failNext(String operation, int status) {
        failures.put(operation, status);
    }

    private Integer scriptedFailure(String operation) {
        return failures.remove(operation);
    }

    @Override
    public int keychainStatus(String path) {
        calls.add(new Call("keychainStatus:" + path, null, null));
        Integer failure = scriptedFailure("keychainStatus");
        if (failure != null) {
            return failure;
        }
        return keychains.containsKey(path) ? OsStatus.SUCCESS : OsStatus.NO_SUCH_KEYCHAIN;
    }

    @Override
    public int createKeychain(String path) {
        calls.add(new Call("createKeychain:" + path, null, null));
        if (keychains.containsKey(path)) {
            return OsStatus.DUPLICATE_KEYCHAIN;
        }
        if (createStatus == OsStatus.SUCCESS) {
            keychains.put(path, new ArrayList<>());
        }
        return createStatus;
    }

    @Override
    public int add(SecQuery attributes) {
        calls.add(new Call("add", attributes, null));
        Integer failure = scriptedFailure("add");
        if (failure != null) {
            return failure;
        }
        if (!ADD_KEYS.containsAll(attributes.entries().keySet()) || !isGenericPassword(attributes)
                || !attributes.has(SecAttribute.SERVICE) || !attributes.has(SecAttribute.ACCOUNT)) {
            return ERR_SEC_PARAM;
        }
        SecQuery.Keychain target = (SecQuery.Keychain) attributes.get(SecAttribute.USE_KEYCHAIN);
        List<Stored> keychain = keychains.get(target == null ? DEFAULT_KEYCHAIN : target.path());
        if (keychain == null) {
            return OsStatus.NO_SUCH_KEYCHAIN;
        }
        String service = (String) attributes.get(SecAttribute.SERVICE);
        String account = (String) attributes.get(SecAttribute.ACCOUNT);
        if (keychain.stream().anyMatch(s -> s.service.equals(service) && s.account.equals(account))) {
            return OsStatus.DUPLICATE_ITEM;
        }
        Stored stored = new Stored();
        stored.service = service;
        stored.account = account;
        stored.label = (String) attributes.get(SecAttribute.LABEL);
        stored.description = (String) attributes.get(SecAttribute.DESCRIPTION);
        byte[] data = (byte[]) attributes.get(SecAttribute.VALUE_DATA);
        stored.data = data == null ? new byte[0] : data;
        stored.access = (SecQuery.Access) attributes.get(SecAttribute.ACCESS);
        keychain.add(stored);
        return OsStatus.SUCCESS;
    }

    @Override
    public int update(SecQuery query, SecQuery changes) {
        calls.add(new Call("update", query, changes));
        Integer failure = scriptedFailure("update");
        if (failure != null) {
            return failure;
        }
        if (!UPDATE_KEYS.containsAll(changes.entries().keySet()) || hasReturnOrLimit(query)) {
            return ERR_SEC_PARAM;
        }
        List<Stored> matches = new ArrayList<>();
        int status = match(query, matches);
        if (status != OsStatus.SUCCESS) {
            return status;
        }
        for (Stored stored : matches) {
            if (changes.has(SecAttribute.VALUE_DATA)) {
                stored.data = (byte[]) changes.get(SecAttribute.VALUE_DATA);
            }
            if (changes.has(SecAttribute.LABEL)) {
                stored.label = (String) changes.get(SecAttribute.LABEL);
            }
            if (changes.has(SecAttribute.DESCRIPTION)) {
                stored.description = (String) changes.get(SecAttribute.DESCRIPTION);
            }
        }
        return OsStatus.SUCCESS;
    }

    @Override
    public int delete(SecQuery query) {
        calls.add(new Call("delete", query, null));
        Integer failure = scriptedFailure("delete");
        if (failure != null) {
            return failure;
        }
        if (hasReturnOrLimit(query)) {
            return ERR_SEC_PARAM;
        }
        List<Stored> matches = new ArrayList<>();
        int status = match(query, matches);
        if (status == OsStatus.SUCCESS) {
            keychains.values().forEach(list -> list.removeAll(matches));
        }
        return status;
    }

    @Override
    public Matches copyMatching(SecQuery query) {
        calls.add(new Call("copyMatching", query, null));
        Integer failure = scriptedFailure("copyMatching");
        if (failure != null) {
            return new Matches(failure, List.of());
        }
        List<Stored> matches = new ArrayList<>();
        int status = match(query, matches);
        if (status != OsStatus.SUCCESS) {
            return new Matches(status, List.of());
        }
        boolean all = query.get(SecAttribute.MATCH_LIMIT) == SecConstant.MATCH_LIMIT_ALL;
        boolean attributes = Boolean.TRUE.equals(query.get(SecAttribute.RETURN_ATTRIBUTES));
        boolean data = Boolean.TRUE.equals(query.get(SecAttribute.RETURN_DATA));
        List<FoundItem> found = new ArrayList<>();
        for (Stored stored : all ? matches : matches.subList(0, 1)) {
            found.add(new FoundItem(attributes ? stored.account : null, attributes ? stored.label : null,
                    attributes ? stored.description : null, data ? stored.data.clone() : null));
        }
        return new Matches(OsStatus.SUCCESS, found);
    }

    private int match(SecQuery query, List<Stored> matches) {
        if (!SEARCH_KEYS.containsAll(query.entries().keySet()) || !isGenericPassword(query)) {
            return ERR_SEC_PARAM;
        }
        SecQuery.Keychain in = (SecQuery.Keychain) query.get(SecAttribute.MATCH_SEARCH_LIST);
        List<Stored> keychain = keychains.get(in == null ? DEFAULT_KEYCHAIN : in.path());
        if (keychain == null) {
            return OsStatus.NO_SUCH_KEYCHAIN;
        }
        for (Stored stored : keychain) {
            if (matches(query, SecAttribute.SERVICE, stored.service)
                    && matches(query, SecAttribute.ACCOUNT, stored.account)
                    && matches(query, SecAttribute.LABEL, stored.label)
                    && matches(query, SecAttribute.DESCRIPTION, stored.description)) {
                matches.add(stored);
            }
        }
        return matches.isEmpty() ? OsStatus.ITEM_NOT_FOUND : OsStatus.SUCCESS;
    }

    private static boolean matches(SecQuery query, SecAttribute attribute, String value) {
        return !query.has(attribute) || Objects.equals(query.get(attribute), value);
    }

    private static boolean isGenericPassword(SecQuery query) {
        return query.get(SecAttribute.CLASS) == SecConstant.CLASS_GENERIC_PASSWORD;
    }

    private static boolean hasReturnOrLimit(SecQuery query) {
        return query.has(SecAttribute.MATCH_LIMIT) || query.has(SecAttribute.RETURN_ATTRIBUTES)
                || query.has(SecAttribute.RETURN_DATA);
    }
}
