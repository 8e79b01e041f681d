package dev.awsvault.backend.keyctl;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Items as {@code user} keys (description = key, payload = the raw payload) in a named keyring linked under the
 * scope keyring, as aws-vault's keyring library lays them out. Label and description are not stored.
 *
 * <p>Every operation looks the named keyring up again, so a keyring unlinked by someone else is never written to.
 * The named keyring is created on the first {@link #set}; reading an absent one finds nothing.
 */
final class KeyctlKeystore implements Keystore {
    static final String USER_KEY = "user";
    static final String KEYRING = "keyring";
    /** The kernel refuses a larger {@code user} payload with EINVAL. */
    static final int MAX_PAYLOAD = 32_767;
    /** The kernel copies at most 4096 bytes of a description, terminating NUL included. */
    static final int MAX_DESCRIPTION = 4_095;
    /**
     * Possessor and owner: view, read, write, search, link, setattr; group and others: nothing. The kernel's default
     * gives the owner only "view", so a process whose session does not link the user keyring (a systemd service,
     * {@code keyctl session}, a container) could not read the items. Any process of that uid can reach the user
     * keyring anyway, so the owner bits widen nothing.
     */
    static final int PERMISSIONS = 0x3f3f0000;

    private final KernelKeyring kernel;
    private final int scope;
    private final String ringName;

    KeyctlKeystore(KernelKeyring kernel, int scope, String ringName) {
        this.kernel = kernel;
        this.scope = scope;
        this.ringName = ringName;
    }

    @Override
    public List<String> keys() throws KeystoreException {
        OptionalInt ring = findRing("list");
        if (ring.isEmpty()) {
            return List.of();
        }
        int[] linked;
        try {
            linked = KernelKeyring.serials(kernel.read(ring.getAsInt()), ByteOrder.nativeOrder());
        } catch (KeyctlFailure e) {
            throw new KeystoreException("cannot list the kernel keyring \"" + ringName + "\": " + e.reason());
        }
        List<String> keys = new ArrayList<>();
        for (int serial : linked) {
            describe(serial).filter(d -> d.type().equals(USER_KEY)).ifPresent(d -> keys.add(d.description()));
        }
        return keys;
    }

    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        if (!representable(key)) {
            return Optional.empty();
        }
        OptionalInt ring = findRing("read \"" + key + "\" from");
        if (ring.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] data = kernel.read(kernel.search(ring.getAsInt(), USER_KEY, key));
            try {
                return Optional.of(new KeystoreItem(key, data, "", "", false, false));
            } finally {
                Arrays.fill(data, (byte) 0);
            }
        } catch (KeyctlFailure e) {
            if (Errno.meansNoKey(e.errno())) {
                return Optional.empty();
            }
            throw new KeystoreException("cannot read \"" + key + "\" from the kernel keyring: " + e.reason());
        }
    }

    @Override
    public void set(KeystoreItem item) throws KeystoreException {
        String key = item.key();
        byte[] data = item.data();
        try {
            String refusal = refusal(key, data.length);
            if (refusal != null) {
                throw new KeystoreException("cannot store \"" + key + "\" in the kernel keyring: " + refusal);
            }
            int ring = findOrCreateRing(key);
            int serial;
            try {
                serial = kernel.addKey(USER_KEY, key, data, ring);
            } catch (KeyctlFailure e) {
                throw new KeystoreException("cannot store \"" + key + "\" in the kernel keyring: " + e.reason()
                        + (e.errno() == Errno.EDQUOT ? "; no item was changed" : ""));
            }
            try {
                kernel.setPermissions(serial, PERMISSIONS);
            } catch (KeyctlFailure e) {
                // A key made by another tool, which we may update but not own, keeps the permissions it was given
            }
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public boolean remove(String key) throws KeystoreException {
        if (!representable(key)) {
            return false;
        }
        OptionalInt ring = findRing("remove \"" + key + "\" from");
        if (ring.isEmpty()) {
            return false;
        }
        try {
            kernel.unlink(kernel.search(ring.getAsInt(), USER_KEY, key), ring.getAsInt());
            return true;
        } catch (KeyctlFailure e) {
            // ENOENT: found in a keyring nested in ours, which is not ours to change
            if (Errno.meansNoKey(e.errno()) || e.errno() == Errno.ENOENT) {
                return false;
            }
            throw new KeystoreException("cannot remove \"" + key + "\" from the kernel keyring: " + e.reason());
        }
    }

    /** Why the kernel would refuse this item as a {@code user} key, or null when it fits. */
    static String refusal(String key, int payloadLength) {
        if (key.isEmpty()) {
            return "the key is empty";
        }
        if (key.indexOf('\0') >= 0) {
            return "the key contains a NUL character";
        }
        int descriptionLength = key.getBytes(StandardCharsets.UTF_8).length;
        if (descriptionLength > MAX_DESCRIPTION) {
            return "the key is " + descriptionLength + " bytes long and a key description holds at most "
                    + MAX_DESCRIPTION;
        }
        if (payloadLength == 0) {
            return "the payload is empty, which a user key cannot hold";
        }
        if (payloadLength > MAX_PAYLOAD) {
            return "the payload is " + payloadLength + " bytes and a user key holds at most " + MAX_PAYLOAD;
        }
        return null;
    }

    private static boolean representable(String key) {
        return !key.isEmpty() && key.indexOf('\0') < 0;
    }

    private Optional<KeyDescription> describe(int serial) throws KeystoreException {
        try {
            return KeyDescription.parse(kernel.describe(serial));
        } catch (KeyctlFailure e) {
            // Unlinked meanwhile, or a link we may not even view: neither is one of our items
            if (Errno.meansNoKey(e.errno()) || e.errno() == Errno.EACCES) {
                return Optional.empty();
            }
            throw new KeystoreException("cannot list the kernel keyring \"" + ringName + "\": " + e.reason());
        }
    }

    /** The named keyring under the scope (searched as the original does, nested keyrings included), or empty. */
    private OptionalInt findRing(String doing) throws KeystoreException {
        int ring;
        try {
            ring = kernel.search(scope, KEYRING, ringName);
        } catch (KeyctlFailure e) {
            if (Errno.meansNoKey(e.errno())) {
                return OptionalInt.empty();
            }
            throw new KeystoreException("cannot " + doing + " the kernel keyring \"" + ringName + "\": "
                    + e.reason());
        }
        possess(ring);
        return OptionalInt.of(ring);
    }

    /**
     * Links the keyring into this process's own keyring, so that this process possesses every key in it whatever
     * its session links, and may give a key it just created {@link #PERMISSIONS}. The process keyring goes away
     * with the process (and on exec).
     */
    private void possess(int ring) {
        try {
            kernel.link(ring, KernelKeyring.KEY_SPEC_PROCESS_KEYRING);
        } catch (KeyctlFailure e) {
            // Without link permission we can still use the keyring if our session possesses the scope keyring
        }
    }

    private int findOrCreateRing(String key) throws KeystoreException {
        String doing = "store \"" + key + "\" in";
        OptionalInt found = findRing(doing);
        if (found.isPresent()) {
            return found.getAsInt();
        }
        try {
            // Made in the process keyring first, where it is ours to set permissions on, then linked under the scope
            int ring = kernel.addKey(KEYRING, ringName, null, KernelKeyring.KEY_SPEC_PROCESS_KEYRING);
            kernel.setPermissions(ring, PERMISSIONS);
            kernel.link(ring, scope);
            return ring;
        } catch (KeyctlFailure e) {
            throw new KeystoreException("cannot " + doing + " the kernel keyring: cannot create the keyring \""
                    + ringName + "\": " + e.reason());
        }
    }
}
