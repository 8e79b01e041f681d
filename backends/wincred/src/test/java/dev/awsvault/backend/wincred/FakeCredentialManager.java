package dev.awsvault.backend.wincred;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory Credential Manager with the rules that matter here: blobs of at most 2,560 bytes (else
 * {@code RPC_X_BAD_STUB_DATA}, as CredWriteW answers), target names of 1 to 32,767 characters compared without
 * case (a write replaces the whole credential, name spelling included), at most 64 attributes with keywords of 1 to
 * 256 characters and values of at most 256 bytes, a {@code *} only at the end of an enumeration filter, and
 * {@code ERROR_NOT_FOUND} for a missing credential or an empty enumeration. Calls are logged; a call can be failed
 * with a given code, and a hook can run before a read (to play a concurrent writer).
 */
final class FakeCredentialManager implements CredentialManager {
    static final int MAX_TARGET = 32767;
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_KEYWORD = 256;
    static final int MAX_VALUE = 256;

    private final TreeMap<String, Credential> store = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> log = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Consumer<String>> beforeRead = new HashMap<>();

    Map<String, Credential> store() {
        return store;
    }

    List<String> log() {
        return List.copyOf(log);
    }

    void clearLog() {
        log.clear();
    }

    private static final class Failure {
        final String entryPrefix;
        int skip;
        final int code;

        Failure(String entryPrefix, int skip, int code) {
            this.entryPrefix = entryPrefix;
            this.skip = skip;
            this.code = code;
        }
    }

    /** Fails the next call whose log entry ({@code write:<target>}, {@code enumerate:<filter>}, …) starts so. */
    void failNext(String entryPrefix, int code) {
        failAfter(entryPrefix, 0, code);
    }

    /** Lets {@code skip} such calls pass, then fails the next one. */
    void failAfter(String entryPrefix, int skip, int code) {
        failures.add(new Failure(entryPrefix, skip, code));
    }

    /** Runs {@code hook} once, just before the next read of a target starting with {@code targetPrefix}. */
    void beforeNextRead(String targetPrefix, Consumer<String> hook) {
        beforeRead.put(targetPrefix, hook);
    }

    private void call(String entry) throws Win32Error {
        log.add(entry);
        for (Failure failure : failures) {
            if (entry.startsWith(failure.entryPrefix) && failure.skip-- == 0) {
                failures.remove(failure);
                throw new Win32Error(failure.code);
            }
        }
    }

    @Override
    public Credential read(String targetName) throws Win32Error {
        for (Map.Entry<String, Consumer<String>> hook : new ArrayList<>(beforeRead.entrySet())) {
            if (targetName.startsWith(hook.getKey())) {
                beforeRead.remove(hook.getKey());
                hook.getValue().accept(targetName);
            }
        }
        call("read:" + targetName);
        checkName(targetName);
        Credential credential = store.get(targetName);
        if (credential == null) {
            throw new Win32Error(Win32Error.ERROR_NOT_FOUND);
        }
        return credential;
    }

    @Override
    public void write(Credential credential) throws Win32Error {
        call("write:" + credential.targetName());
        checkName(credential.targetName());
        if (credential.blob().length > WinCredKeystore.MAX_BLOB) {
            throw new Win32Error(Win32Error.RPC_X_BAD_STUB_DATA);
        }
        if (credential.attributes().size() > MAX_ATTRIBUTES) {
            throw new Win32Error(Win32Error.ERROR_INVALID_PARAMETER);
        }
        for (Credential.Attribute attribute : credential.attributes()) {
            if (attribute.keyword().isEmpty() || attribute.keyword().length() > MAX_KEYWORD
                    || attribute.value().length > MAX_VALUE) {
                throw new Win32Error(Win32Error.ERROR_INVALID_PARAMETER);
            }
        }
        store.remove(credential.targetName());
        store.put(credential.targetName(), credential);
    }

    @Override
    public void delete(String targetName) throws Win32Error {
        call("delete:" + targetName);
        checkName(targetName);
        if (store.remove(targetName) == null) {
            throw new Win32Error(Win32Error.ERROR_NOT_FOUND);
        }
    }

    @Override
    public List<Credential> enumerate(String filter) throws Win32Error {
        call("enumerate:" + filter);
        int star = filter.indexOf('*');
        if (star >= 0 && star != filter.length() - 1) {
            throw new Win32Error(Win32Error.ERROR_INVALID_PARAMETER);
        }
        String prefix = star < 0 ? filter : filter.substring(0, star);
        List<Credential> found = new ArrayList<>();
        for (Credential credential : store.values()) {
            String name = credential.targetName();
            boolean match = star < 0 ? name.equalsIgnoreCase(prefix)
                    : name.regionMatches(true, 0, prefix, 0, prefix.length());
            if (match) {
                found.add(credential);
            }
        }
        if (found.isEmpty()) {
            throw new Win32Error(Win32Error.ERROR_NOT_FOUND);
        }
        return found;
    }

    private static void checkName(String targetName) throws Win32Error {
        if (targetName.isEmpty() || targetName.length() > MAX_TARGET) {
            throw new Win32Error(Win32Error.ERROR_INVALID_PARAMETER);
        }
    }
}
