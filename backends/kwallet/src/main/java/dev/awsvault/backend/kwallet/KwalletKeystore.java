package dev.awsvault.backend.kwallet;

import static dev.awsvault.backend.kwallet.KwalletSession.APP_ID;
import static dev.awsvault.backend.kwallet.KwalletSession.FOLDER;
import static dev.awsvault.backend.kwallet.KwalletSession.WALLET;
import static dev.awsvault.backend.kwallet.KwalletSession.quote;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.keystore.json.ItemJson;

/**
 * The items in folder {@code aws-vault} of the KWallet wallet {@code aws-vault}, one entry per item: the entry's
 * name is the item's key and its value the Item-JSON, as the original writes them. The wallet is opened on first
 * use (kwalletd5 may ask the user to unlock it) and stays open for the session.
 */
final class KwalletKeystore implements Keystore {
    private final KwalletSession session;
    private final Duration openTimeout;

    KwalletKeystore(KwalletSession session, Duration openTimeout) {
        this.session = session;
        this.openTimeout = openTimeout;
    }

    @Override
    public List<String> keys() throws KeystoreException {
        return session.withWallet(openTimeout, (kwallet, handle) -> List.copyOf(
                kwallet.entryList(handle, FOLDER, APP_ID)));
    }

    /** Absent when kwalletd5 returns no bytes, as the original decides (there is no entry, or no folder). */
    @Override
    public Optional<KeystoreItem> get(String key) throws KeystoreException {
        byte[] entry = session.withWallet(openTimeout, (kwallet, handle) -> kwallet.readEntry(handle, FOLDER, key,
                APP_ID));
        if (entry == null || entry.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(ItemJson.decode(entry, key)); // the entry's name is the key
        } catch (KeystoreException e) {
            throw new KeystoreException("the KWallet entry " + quote(key) + " in folder \"" + FOLDER + "\" of wallet \""
                    + WALLET + "\": " + e.getMessage(), e);
        } finally {
            Arrays.fill(entry, (byte) 0);
        }
    }

    @Override
    public void set(KeystoreItem item) throws KeystoreException {
        session.withWallet(openTimeout, (kwallet, handle) -> {
            if (!kwallet.hasFolder(handle, FOLDER, APP_ID) && !kwallet.createFolder(handle, FOLDER, APP_ID)) {
                throw new KeystoreException("KWallet did not create the folder \"" + FOLDER + "\" in wallet \""
                        + WALLET + "\"");
            }
            byte[] json = ItemJson.encode(item);
            try {
                int result = kwallet.writeEntry(handle, FOLDER, item.key(), json, APP_ID);
                if (result != 0) {
                    throw new KeystoreException("KWallet did not store " + quote(item.key()) + " (writeEntry returned "
                            + result + ")");
                }
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            kwallet.sync(handle, APP_ID);
            return null;
        });
    }

    @Override
    public boolean remove(String key) throws KeystoreException {
        return session.withWallet(openTimeout, (kwallet, handle) -> {
            // removeEntry answers 0 both for "removed" and for "no such folder", so ask first
            if (!kwallet.hasEntry(handle, FOLDER, key, APP_ID)) {
                return false;
            }
            int result = kwallet.removeEntry(handle, FOLDER, key, APP_ID);
            if (result == -3) {
                return false;
            }
            if (result != 0) {
                throw new KeystoreException("KWallet did not remove " + quote(key) + " (removeEntry returned " + result
                        + ")");
            }
            kwallet.sync(handle, APP_ID);
            return true;
        });
    }
}
