package dev.awsvault.backend.wincred;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Items as generic credentials, in the original's layout: target {@code aws-vault:aws-vault:<key>}, blob = the raw
 * payload. A payload over the 2,560-byte blob limit (SSO tokens, big sessions) is split: the head keeps the first
 * 2,560 bytes and a {@link PartsHeader}; the rest goes to part credentials
 * {@code aws-vault:aws-vault-part:<generation>:<index>:<key>}, which the original's (and our) key listing never
 * shows. Parts are written before the head and removed after it, so a reader sees the old item or the new one;
 * parts nothing refers to any more are removed once they are {@link #ORPHAN_AGE} old. See the README.
 */
final class WinCredKeystore implements Keystore {
    static final int MAX_BLOB = 2560;
    /** Older unreferenced parts are left-overs (no write takes this long), younger ones may be a write under way. */
    static final Duration ORPHAN_AGE = Duration.ofMinutes(10);
    static final String SERVICE = "aws-vault";

    private final Loader loader;
    private final String headPrefix;
    private final String partPrefix;
    private final Clock clock;
    private final Random random;
    private CredentialManager manager;

    /** Loads the native bridge on first use, so that opening the keystore loads nothing. */
    @FunctionalInterface
    interface Loader {
        CredentialManager load() throws KeystoreException;
    }

    WinCredKeystore(Loader loader) {
        this(loader, SERVICE, Clock.systemUTC(), new SecureRandom());
    }

    /** {@code service} other than {@code aws-vault} only in tests on Windows, to keep off the user's items. */
    WinCredKeystore(Loader loader, String service, Clock clock, Random random) {
        this.loader = loader;
        this.headPrefix = "aws-vault:" + service + ":";
        this.partPrefix = "aws-vault:" + service + "-part:";
        this.clock = clock;
        this.random = random;
    }

    String headName(String key) {
        return headPrefix + key;
    }

    String partName(String generation, int index, String key) {
        return partPrefix + generation + ":" + index + ":" + key;
    }

    @Override
    public List<String> keys() throws KeystoreException {
        List<String> keys = new ArrayList<>();
        for (Credential credential : enumerate(headPrefix + "*", "listing credentials")) {
            String name = credential.targetName();
            // the filter ignores case, and so may the name's prefix
            if (name.regionMatches(true, 0, headPrefix, 0, headPrefix.length())) {
                keys.add(name.substring(headPrefix.length()));
            }
        }
        return keys;
    }

    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        String action = "reading \"" + key + "\"";
        String missingFrom = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Credential head = read(headName(key), action);
            if (head == null) {
                return Optional.empty();
            }
            PartsHeader header = header(head, key);
            if (header == null) {
                return Optional.of(item(key, head.blob()));
            }
            if (header.generation().equals(missingFrom)) {
                break; // the same head twice, and still a part missing: not a write under way
            }
            byte[] data = assemble(key, head, header, action);
            if (data != null) {
                return Optional.of(item(key, data));
            }
            missingFrom = header.generation(); // replaced while we read? look at the head again
        }
        throw damaged(key, "a part is missing");
    }

    /** The whole payload, or null when a part is missing. */
    private byte[] assemble(String key, Credential head, PartsHeader header, String action) throws KeystoreException {
        ByteArrayOutputStream data = new ByteArrayOutputStream(header.size());
        data.writeBytes(head.blob());
        for (int index = 1; index < header.parts(); index++) {
            Credential part = read(partName(header.generation(), index, key), action);
            if (part == null) {
                return null;
            }
            data.writeBytes(part.blob());
        }
        byte[] payload = data.toByteArray();
        if (!header.matches(payload)) {
            throw damaged(key, "its parts do not add up to what its head records");
        }
        return payload;
    }

    @Override
    public void set(KeystoreItem item) throws KeystoreException {
        String key = item.key();
        String action = "storing \"" + key + "\"";
        byte[] data = item.data();
        String replaced = generationOf(key);
        if (data.length <= MAX_BLOB) {
            write(new Credential(headName(key), data), action); // exactly the original's credential
            collectParts(key, null, replaced);
            return;
        }
        String generation = PartsHeader.generation(clock.instant().getEpochSecond(), random.nextInt());
        PartsHeader header = PartsHeader.describe(generation, data, MAX_BLOB);
        List<String> written = new ArrayList<>();
        try {
            for (int index = 1; index < header.parts(); index++) {
                String name = partName(generation, index, key);
                manager().write(new Credential(name, chunk(data, index)));
                written.add(name);
            }
            manager().write(new Credential(headName(key), chunk(data, 0), List.of(header.toAttribute())));
        } catch (Win32Error e) {
            deleteQuietly(written); // the old item, if any, is untouched: its head still names its own parts
            throw failure(action, e);
        }
        collectParts(key, generation, replaced);
    }

    @Override
    public boolean remove(String key) throws KeystoreException {
        String action = "removing \"" + key + "\"";
        String removed = generationOf(key);
        try {
            manager().delete(headName(key));
        } catch (Win32Error e) {
            if (e.isNotFound()) {
                return false;
            }
            throw failure(action, e);
        }
        collectParts(key, null, removed);
        return true;
    }

    /** The generation the current head of {@code key} refers to; null if none (or unreadable: age will tell). */
    private String generationOf(String key) throws KeystoreException {
        try {
            Credential head = manager().read(headName(key));
            PartsHeader header = PartsHeader.of(head);
            return header == null ? null : header.generation();
        } catch (Win32Error | PartsHeader.MalformedException e) {
            return null;
        }
    }

    /**
     * Removes parts nothing refers to: those of {@code key}'s {@code replaced} generation at once, and any other part
     * that is not {@code live} and older than {@link #ORPHAN_AGE} (left by a crash, by a concurrent writer, or by the
     * original replacing or removing a split item's head). Best effort: a failure here never fails the write.
     */
    private void collectParts(String key, String live, String replaced) throws KeystoreException {
        List<Credential> parts;
        try {
            parts = manager().enumerate(partPrefix + "*");
        } catch (Win32Error e) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        Map<String, Optional<String>> liveByKey = new HashMap<>();
        liveByKey.put(key.toLowerCase(Locale.ROOT), Optional.ofNullable(live));
        List<String> garbage = new ArrayList<>();
        for (Credential part : parts) {
            PartName name = PartName.parse(part.targetName(), partPrefix);
            if (name == null) {
                continue;
            }
            boolean ours = name.key().equalsIgnoreCase(key);
            if (ours && name.generation().equals(replaced) && !name.generation().equals(live)) {
                garbage.add(part.targetName());
            } else if (now - PartsHeader.createdAt(name.generation()) >= ORPHAN_AGE.toSeconds()) {
                Optional<String> current = liveByKey.computeIfAbsent(name.key().toLowerCase(Locale.ROOT),
                        k -> liveGenerationQuietly(name.key()));
                if (current != null && !current.equals(Optional.of(name.generation()))) {
                    garbage.add(part.targetName());
                }
            }
        }
        deleteQuietly(garbage);
    }

    /** The live generation of another key: empty if it has none, null if its head could not be read. */
    private Optional<String> liveGenerationQuietly(String key) {
        try {
            return Optional.ofNullable(PartsHeader.of(manager().read(headName(key)))).map(PartsHeader::generation);
        } catch (Win32Error e) {
            return e.isNotFound() ? Optional.empty() : null;
        } catch (PartsHeader.MalformedException | KeystoreException e) {
            return null;
        }
    }

    private void deleteQuietly(List<String> targetNames) throws KeystoreException {
        for (String name : targetNames) {
            try {
                manager().delete(name);
            } catch (Win32Error e) {
                // gone already, or left for the next collection
            }
        }
    }

    private PartsHeader header(Credential head, String key) throws KeystoreException {
        try {
            return PartsHeader.of(head);
        } catch (PartsHeader.MalformedException e) {
            throw damaged(key, "its parts header is unreadable");
        }
    }

    private Credential read(String targetName, String action) throws KeystoreException {
        try {
            return manager().read(targetName);
        } catch (Win32Error e) {
            if (e.isNotFound()) {
                return null;
            }
            throw failure(action, e);
        }
    }

    private void write(Credential credential, String action) throws KeystoreException {
        try {
            manager().write(credential);
        } catch (Win32Error e) {
            throw failure(action, e);
        }
    }

    private List<Credential> enumerate(String filter, String action) throws KeystoreException {
        try {
            return manager().enumerate(filter);
        } catch (Win32Error e) {
            if (e.isNotFound()) {
                return List.of();
            }
            throw failure(action, e);
        }
    }

    private static byte[] chunk(byte[] data, int index) {
        int from = index * MAX_BLOB;
        return Arrays.copyOfRange(data, from, Math.min(data.length, from + MAX_BLOB));
    }

    private static KeystoreItem item(String key, byte[] data) {
        // the original keeps no label or description in Credential Manager
        return new KeystoreItem(key, data, "", "", false, false);
    }

    /** {@code Windows Credential Manager: storing "default" failed (error 5)}. */
    static KeystoreException failure(String action, Win32Error e) {
        return new KeystoreException("Windows Credential Manager: " + action + " failed (error " + e.code() + ")");
    }

    private static KeystoreException damaged(String key, String why) {
        return new KeystoreException("Windows Credential Manager: \"" + key + "\" is damaged (" + why
                + "); store it again or remove it");
    }

    private CredentialManager manager() throws KeystoreException {
        if (manager == null) {
            manager = loader.load();
        }
        return manager;
    }

    /** A part's target name taken apart: {@code <prefix><16 hex generation>:<index>:<key>}. */
    record PartName(String generation, int index, String key) {
        static PartName parse(String targetName, String prefix) {
            if (!targetName.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
            String rest = targetName.substring(prefix.length());
            int afterGeneration = 16;
            int afterIndex = rest.indexOf(':', afterGeneration + 1);
            if (rest.length() <= afterGeneration || rest.charAt(afterGeneration) != ':' || afterIndex < 0
                    || !rest.substring(0, afterGeneration).matches("[0-9a-fA-F]{16}")
                    || !rest.substring(afterGeneration + 1, afterIndex).matches("[0-9]{1,4}")) {
                return null;
            }
            return new PartName(rest.substring(0, afterGeneration).toLowerCase(Locale.ROOT),
                    Integer.parseInt(rest.substring(afterGeneration + 1, afterIndex)),
                    rest.substring(afterIndex + 1));
        }
    }
}
