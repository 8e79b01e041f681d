package dev.awsvault.backend.secretservice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusSigHandler;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.types.Variant;

import dev.awsvault.backend.secretservice.dbus.DBusProperties;
import dev.awsvault.backend.secretservice.dbus.Pair;
import dev.awsvault.backend.secretservice.dbus.Secret;
import dev.awsvault.backend.secretservice.dbus.SecretCollection;
import dev.awsvault.backend.secretservice.dbus.SecretItem;
import dev.awsvault.backend.secretservice.dbus.SecretPrompt;
import dev.awsvault.backend.secretservice.dbus.SecretService;
import dev.awsvault.backend.secretservice.dbus.SecretSession;

/**
 * The Secret Service calls the keystore needs, over one bus connection (not owned: the backend keeps it). Steps fail
 * with {@link Failure} (a reason for users) or a dbus-java exception (mapped by {@link DBusErrors}).
 */
final class SecretServiceClient {
    private static final String COLLECTION_PREFIX = SecretService.PATH + "/collection/";
    /** Property {@code b} of collections and items alike. */
    private static final String LOCKED = "Locked";

    private final DBusConnection bus;
    private final Duration promptTimeout;
    private final SecretService service;
    private DBusPath session;

    SecretServiceClient(DBusConnection bus, Duration promptTimeout) throws DBusException {
        this.bus = bus;
        this.promptTimeout = promptTimeout;
        this.service = bus.getRemoteObject(SecretService.BUS_NAME, SecretService.PATH, SecretService.class);
    }

    /**
     * The collection for {@code name}, found first as the original (99designs/keyring {@code secretservice.go})
     * finds it: the one whose object path, with {@code _XX} hex escapes decoded, is
     * {@code /org/freedesktop/secrets/collection/<name>} (gnome-keyring derives the path from the label). Failing
     * that, the first collection labelled {@code name}: gnome-keyring makes a space an underscore (label "my keys",
     * path {@code .../my_5fkeys}, decoded "my_keys"), so the original never finds such a collection again and
     * creates another on every write.
     */
    Optional<DBusPath> findCollection(String name) throws DBusException, Failure {
        byte[] wanted = (COLLECTION_PREFIX + name).getBytes(StandardCharsets.UTF_8);
        List<DBusPath> all = paths(property(new DBusPath(SecretService.PATH), SecretService.INTERFACE,
                SecretService.COLLECTIONS));
        for (DBusPath path : all) {
            if (Arrays.equals(wanted, unescapeObjectPath(path.getPath()))) {
                return Optional.of(path);
            }
        }
        for (DBusPath path : all) {
            if (hasLabel(path, name)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private boolean hasLabel(DBusPath collection, String label) throws DBusException {
        try {
            return label.equals(property(collection, SecretCollection.INTERFACE, SecretCollection.LABEL));
        } catch (RuntimeException e) {
            return false; // some other collection we cannot read: not ours
        }
    }

    /** The original's {@code decodeKeyringString}: each {@code _XX} becomes byte 0xXX; malformed: left as is. */
    static byte[] unescapeObjectPath(String path) {
        byte[] out = new byte[path.length()];
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '_') {
                out[n++] = (byte) c; // object paths are ASCII
                continue;
            }
            if (i + 3 > path.length() || !HexFormat.isHexDigit(path.charAt(i + 1))
                    || !HexFormat.isHexDigit(path.charAt(i + 2))) {
                return path.getBytes(StandardCharsets.US_ASCII);
            }
            out[n++] = (byte) HexFormat.fromHexDigits(path, i + 1, i + 3);
            i += 2;
        }
        return Arrays.copyOf(out, n);
    }

    /** CreateCollection(label, alias ""), through the service's prompt when it asks for one (gnome-keyring does). */
    DBusPath createCollection(String label) throws DBusException, Failure {
        Pair<DBusPath, DBusPath> reply = service.createCollection(
                Map.of(SecretCollection.LABEL_KEY, new Variant<>(label)), "");
        if (!isPrompt(reply.second())) {
            return reply.first();
        }
        Object created = prompt(reply.second(), "the prompt to create the collection").getValue();
        if (created instanceof DBusPath path && !SecretService.NO_OBJECT.equals(path.getPath())) {
            return path;
        }
        throw new Failure("the Secret Service did not create the collection");
    }

    /** Unlocks {@code object} (a collection or an item) if it is locked, through the service's prompt. */
    void unlockIfLocked(DBusPath object, String objectInterface, String what) throws DBusException, Failure {
        if (!Boolean.TRUE.equals(property(object, objectInterface, LOCKED))) {
            return;
        }
        Pair<List<DBusPath>, DBusPath> reply = service.unlock(List.of(object));
        if (isPrompt(reply.second())) {
            prompt(reply.second(), "the prompt to unlock " + what);
        } else if (reply.first().stream().noneMatch(p -> p.getPath().equals(object.getPath()))) {
            throw new Failure("the Secret Service would not unlock " + what);
        }
    }

    List<DBusPath> searchItems(DBusPath collection, Map<String, String> attributes) throws DBusException {
        return remote(collection, SecretCollection.class).searchItems(attributes);
    }

    List<DBusPath> items(DBusPath collection) throws DBusException, Failure {
        return paths(property(collection, SecretCollection.INTERFACE, SecretCollection.ITEMS));
    }

    String label(DBusPath item) throws DBusException, Failure {
        Object label = property(item, SecretItem.INTERFACE, SecretItem.LABEL);
        if (label instanceof String s) {
            return s;
        }
        throw new Failure("unexpected reply from the Secret Service (an item label that is not a string)");
    }

    /** The item's secret; the caller clears it. */
    Secret secret(DBusPath item) throws DBusException {
        return remote(item, SecretItem.class).getSecret(session());
    }

    /** CreateItem with {@code replace}: an item with the same attributes is overwritten. */
    void createItem(DBusPath collection, String label, Map<String, String> attributes, byte[] value,
            String contentType) throws DBusException, Failure {
        Map<String, Variant<?>> properties = Map.of(
                SecretItem.LABEL_KEY, new Variant<>(label),
                SecretItem.ATTRIBUTES_KEY, new Variant<>(attributes, "a{ss}"));
        Secret secret = new Secret(session(), new byte[0], value, contentType);
        Pair<DBusPath, DBusPath> reply = remote(collection, SecretCollection.class)
                .createItem(properties, secret, true);
        if (isPrompt(reply.second())) {
            prompt(reply.second(), "the prompt to store the item");
        }
    }

    void delete(DBusPath item) throws DBusException, Failure {
        DBusPath prompt = remote(item, SecretItem.class).delete();
        if (isPrompt(prompt)) {
            prompt(prompt, "the prompt to delete the item");
        }
    }

    boolean connected() {
        return bus.isConnected();
    }

    /** Closes the session, if one was opened; best effort (the service also drops it when we disconnect). */
    void closeSession() {
        if (session != null) {
            try {
                remote(session, SecretSession.class).close();
            } catch (DBusException | RuntimeException e) {
                // the session dies with the connection anyway
            }
            session = null;
        }
    }

    /**
     * The session secrets travel in, opened on first use. Algorithm {@code plain}, as the original: the session bus
     * is a socket only this user can connect to, and the peer is the user's own keyring daemon, so the
     * {@code dh-ietf1024-sha256-aes128-cbc-pkcs7} exchange would only hide the secret from processes that can read
     * it from the daemon anyway; what is stored does not depend on it.
     */
    private DBusPath session() throws DBusException {
        if (session == null) {
            session = service.openSession("plain", new Variant<>("")).second();
        }
        return session;
    }

    /**
     * Shows a prompt and waits for its Completed signal (subscribed before Prompt is called, so it cannot be
     * missed); returns the result. Dismissed: a {@link Failure} "… was dismissed". No answer within the timeout: the
     * prompt is withdrawn (Dismiss) and the step fails.
     */
    private Variant<?> prompt(DBusPath path, String what) throws DBusException, Failure {
        CompletableFuture<SecretPrompt.Completed> completed = new CompletableFuture<>();
        DBusSigHandler<SecretPrompt.Completed> handler = completed::complete;
        AutoCloseable subscription = bus.addSigHandler(DBusMatchRuleBuilder.create()
                .withType(SecretPrompt.Completed.class).withPath(path.getPath()).build(), handler);
        try {
            SecretPrompt prompt = remote(path, SecretPrompt.class);
            prompt.prompt("");
            SecretPrompt.Completed outcome;
            try {
                outcome = completed.get(promptTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                dismissQuietly(prompt);
                throw new Failure(what + " got no answer within " + promptTimeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dismissQuietly(prompt);
                throw new Failure(what + " was interrupted");
            } catch (ExecutionException e) {
                throw new Failure(what + " failed: " + DBusErrors.oneLine(e.getCause()));
            }
            if (outcome.dismissed()) {
                throw new Failure(what + " was dismissed");
            }
            return outcome.result();
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                // the match rule goes with the connection at the latest
            }
        }
    }

    private static void dismissQuietly(SecretPrompt prompt) {
        try {
            prompt.dismiss();
        } catch (RuntimeException e) {
            // the service may have completed or dropped it meanwhile
        }
    }

    private static boolean isPrompt(DBusPath path) {
        return path != null && !SecretService.NO_OBJECT.equals(path.getPath());
    }

    private <T extends org.freedesktop.dbus.interfaces.DBusInterface> T remote(DBusPath path, Class<T> type)
            throws DBusException {
        return bus.getRemoteObject(SecretService.BUS_NAME, path.getPath(), type);
    }

    private Object property(DBusPath object, String objectInterface, String name) throws DBusException {
        return remote(object, DBusProperties.class).get(objectInterface, name).getValue();
    }

    /** An {@code ao} value, whichever container dbus-java chose for it. */
    private static List<DBusPath> paths(Object value) throws Failure {
        List<?> elements = value instanceof List<?> list ? list
                : value instanceof Object[] array ? Arrays.asList(array) : null;
        if (elements == null) {
            throw new Failure("unexpected reply from the Secret Service (not a list of object paths)");
        }
        List<DBusPath> paths = new ArrayList<>(elements.size());
        for (Object e : elements) {
            if (!(e instanceof DBusPath path)) {
                throw new Failure("unexpected reply from the Secret Service (not a list of object paths)");
            }
            paths.add(path);
        }
        return paths;
    }
}
