package dev.awsvault.backend.secretservice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.backend.secretservice.dbus.Secret;
import dev.awsvault.backend.secretservice.dbus.SecretCollection;
import dev.awsvault.backend.secretservice.dbus.SecretItem;
import dev.awsvault.keystore.json.ItemJson;

/**
 * The original's layout (99designs/keyring {@code secretservice.go}): one collection (label {@code awsvault} by
 * default); per key an item with Label = key, attributes {@code {"profile": key}}, content type
 * {@code application/json} and the Item-JSON as its secret; found with {@code SearchItems({"profile": key})}, first
 * hit. The collection is created on the first {@link #set}; locked collections and items are unlocked through the
 * service's prompt. Every failure is one line naming the operation, never a secret.
 */
final class SecretServiceKeystore implements Keystore {
    static final String PROFILE_ATTRIBUTE = "profile";
    static final String CONTENT_TYPE = "application/json";

    private final SecretServiceClient client;
    private final String collectionName;

    SecretServiceKeystore(DBusConnection bus, String collectionName, Duration promptTimeout) throws DBusException {
        this.client = new SecretServiceClient(bus, promptTimeout);
        this.collectionName = collectionName;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws DBusException, Failure;
    }

    /** Labels of every item in the collection (unlocking it first, as the original); none without a collection. */
    @Override
    public synchronized List<String> keys() throws KeystoreException {
        return run("list the keys in", () -> {
            Optional<DBusPath> collection = client.findCollection(collectionName);
            if (collection.isEmpty()) {
                return List.of();
            }
            client.unlockIfLocked(collection.get(), SecretCollection.INTERFACE, "the collection");
            List<String> keys = new ArrayList<>();
            for (DBusPath item : client.items(collection.get())) {
                keys.add(client.label(item));
            }
            return keys;
        });
    }

    @Override
    public synchronized Optional<KeystoreItem> get(String key) throws KeystoreException {
        return run("read " + quote(key) + " from", () -> {
            Optional<DBusPath> item = find(key);
            if (item.isEmpty()) {
                return Optional.empty();
            }
            client.unlockIfLocked(item.get(), SecretItem.INTERFACE, "the item");
            Secret secret = client.secret(item.get());
            try {
                return Optional.of(ItemJson.decode(secret.value(), key));
            } catch (KeystoreException e) {
                throw new Failure(e.getMessage() + " (was it written by another tool?)");
            } finally {
                secret.clear();
            }
        });
    }

    @Override
    public synchronized void set(KeystoreItem item) throws KeystoreException {
        run("store " + quote(item.key()) + " in", () -> {
            Optional<DBusPath> found = client.findCollection(collectionName);
            DBusPath collection = found.isPresent() ? found.get() : client.createCollection(collectionName);
            client.unlockIfLocked(collection, SecretCollection.INTERFACE, "the collection");
            byte[] json = ItemJson.encode(item);
            try {
                client.createItem(collection, item.key(), Map.of(PROFILE_ATTRIBUTE, item.key()), json, CONTENT_TYPE);
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            return null;
        });
    }

    /** Removes the first item found for {@code key}, as the original does. */
    @Override
    public synchronized boolean remove(String key) throws KeystoreException {
        return run("remove " + quote(key) + " from", () -> {
            Optional<DBusPath> item = find(key);
            if (item.isEmpty()) {
                return false;
            }
            client.unlockIfLocked(item.get(), SecretItem.INTERFACE, "the item");
            client.delete(item.get());
            return true;
        });
    }

    @Override
    public synchronized void close() {
        client.closeSession();
    }

    private Optional<DBusPath> find(String key) throws DBusException, Failure {
        Optional<DBusPath> collection = client.findCollection(collectionName);
        if (collection.isEmpty()) {
            return Optional.empty();
        }
        return client.searchItems(collection.get(), Map.of(PROFILE_ATTRIBUTE, key)).stream().findFirst();
    }

    private <T> T run(String action, Step<T> step) throws KeystoreException {
        String prefix = "cannot " + action + " the Secret Service collection " + quote(collectionName) + ": ";
        try {
            return step.run();
        } catch (Failure e) {
            throw new KeystoreException(prefix + e.getMessage());
        } catch (DBusException | RuntimeException e) {
            // dbus-java reports remote errors as unchecked DBusExecutionExceptions
            throw new KeystoreException(prefix + DBusErrors.describe(e, client.connected()));
        }
    }

    /** A key or name in double quotes, with what would break the one-line message escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
