package dev.awsvault.backend.keychain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * {@link KeychainServices} over Security.framework and CoreFoundation (through JNA). A {@link SecQuery} becomes a
 * CFDictionary whose keys are the framework's own {@code kSec…} constants, read from the library's exported symbols.
 * Every CF object made for a call is released when the call returns.
 */
final class NativeKeychainServices implements KeychainServices {
    private static final int ERR_SEC_ALLOCATE = -108; // errSecAllocate: a CF constructor returned NULL
    private static NativeKeychainServices shared;

    private final CoreFoundation cf;
    private final SecurityFramework security;
    private final NativeLibrary cfLibrary;
    private final NativeLibrary securityLibrary;
    private final Map<String, Pointer> symbols = new ConcurrentHashMap<>();
    private final long stringType;
    private final long dataType;
    private final long arrayType;
    private final long dictionaryType;

    private NativeKeychainServices() {
        cf = Native.load("CoreFoundation", CoreFoundation.class);
        security = Native.load("Security", SecurityFramework.class);
        cfLibrary = NativeLibrary.getInstance("CoreFoundation");
        securityLibrary = NativeLibrary.getInstance("Security");
        stringType = cf.CFStringGetTypeID();
        dataType = cf.CFDataGetTypeID();
        arrayType = cf.CFArrayGetTypeID();
        dictionaryType = cf.CFDictionaryGetTypeID();
    }

    /** The one bridge of this class loader, loaded on first use (macOS only; callers check the platform first). */
    static synchronized KeychainServices shared() throws KeystoreException {
        if (shared == null) {
            try {
                shared = new NativeKeychainServices();
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new KeystoreException("cannot load the macOS Security framework: " + why, e);
            }
        }
        return shared;
    }

    @Override
    public int keychainStatus(String path) {
        PointerByReference keychain = new PointerByReference();
        int status = security.SecKeychainOpen(cPath(path), keychain);
        if (status != OsStatus.SUCCESS) {
            return status;
        }
        try {
            // SecKeychainOpen succeeds for a missing file; the status call is what reports errSecNoSuchKeychain
            return security.SecKeychainGetStatus(keychain.getValue(), new IntByReference());
        } finally {
            release(keychain.getValue());
        }
    }

    @Override
    public int createKeychain(String path) {
        PointerByReference keychain = new PointerByReference();
        int status = security.SecKeychainCreate(cPath(path), 0, null, (byte) 1, null, keychain);
        if (status == OsStatus.SUCCESS) {
            release(keychain.getValue());
        }
        return status;
    }

    @Override
    public int add(SecQuery attributes) {
        try (CfScope scope = new CfScope()) {
            return security.SecItemAdd(scope.dictionary(attributes), null);
        } catch (StatusException e) {
            return e.status;
        }
    }

    @Override
    public int update(SecQuery query, SecQuery changes) {
        try (CfScope scope = new CfScope()) {
            return security.SecItemUpdate(scope.dictionary(query), scope.dictionary(changes));
        } catch (StatusException e) {
            return e.status;
        }
    }

    @Override
    public int delete(SecQuery query) {
        try (CfScope scope = new CfScope()) {
            return security.SecItemDelete(scope.dictionary(query));
        } catch (StatusException e) {
            return e.status;
        }
    }

    @Override
    public Matches copyMatching(SecQuery query) {
        PointerByReference result = new PointerByReference();
        int status;
        try (CfScope scope = new CfScope()) {
            status = security.SecItemCopyMatching(scope.dictionary(query), result);
        } catch (StatusException e) {
            return new Matches(e.status, List.of());
        }
        if (status != OsStatus.SUCCESS) {
            return new Matches(status, List.of());
        }
        Pointer found = result.getValue();
        try {
            return new Matches(status, items(found));
        } finally {
            release(found);
        }
    }

    /** One dictionary (kSecMatchLimitOne), an array of them (kSecMatchLimitAll), or bare data. */
    private List<FoundItem> items(Pointer found) {
        List<FoundItem> items = new ArrayList<>();
        if (found == null) {
            return items;
        }
        long type = cf.CFGetTypeID(found);
        if (type == arrayType) {
            long count = cf.CFArrayGetCount(found);
            for (long i = 0; i < count; i++) {
                Pointer element = cf.CFArrayGetValueAtIndex(found, i);
                if (element != null && cf.CFGetTypeID(element) == dictionaryType) {
                    items.add(item(element));
                }
            }
        } else if (type == dictionaryType) {
            items.add(item(found));
        } else if (type == dataType) {
            items.add(new FoundItem(null, null, null, bytes(found)));
        }
        return items;
    }

    private FoundItem item(Pointer dictionary) {
        return new FoundItem(
                string(cf.CFDictionaryGetValue(dictionary, symbol(SecAttribute.ACCOUNT.symbol()))),
                string(cf.CFDictionaryGetValue(dictionary, symbol(SecAttribute.LABEL.symbol()))),
                string(cf.CFDictionaryGetValue(dictionary, symbol(SecAttribute.DESCRIPTION.symbol()))),
                bytes(cf.CFDictionaryGetValue(dictionary, symbol(SecAttribute.VALUE_DATA.symbol()))));
    }

    private String string(Pointer value) {
        if (value == null || cf.CFGetTypeID(value) != stringType) {
            return null;
        }
        long length = cf.CFStringGetLength(value);
        if (length == 0) {
            return "";
        }
        long max = cf.CFStringGetMaximumSizeForEncoding(length, CoreFoundation.STRING_ENCODING_UTF8);
        byte[] buffer = new byte[(int) max];
        LongByReference used = new LongByReference();
        cf.CFStringGetBytes(value, new CoreFoundation.CFRange.ByValue(0, length), CoreFoundation.STRING_ENCODING_UTF8,
                (byte) 0, (byte) 0, buffer, max, used);
        return new String(buffer, 0, (int) used.getValue(), StandardCharsets.UTF_8);
    }

    private byte[] bytes(Pointer value) {
        if (value == null || cf.CFGetTypeID(value) != dataType) {
            return null;
        }
        long length = cf.CFDataGetLength(value);
        return length == 0 ? new byte[0] : cf.CFDataGetBytePtr(value).getByteArray(0, (int) length);
    }

    /** An exported {@code const CFTypeRef} (a {@code kSec…} key or value, {@code kCFBooleanTrue}). */
    private Pointer symbol(String name) {
        return symbols.computeIfAbsent(name, n -> (n.startsWith("kCF") ? cfLibrary : securityLibrary)
                .getGlobalVariableAddress(n).getPointer(0));
    }

    private void release(Pointer object) {
        if (object != null) {
            cf.CFRelease(object);
        }
    }

    private static byte[] cPath(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, terminated, 0, utf8.length);
        return terminated;
    }

    /** JNA is not asked to pass an empty array (a zero-length native copy is not guaranteed); the length says 0. */
    private static byte[] nonEmpty(byte[] bytes) {
        return bytes.length == 0 ? new byte[1] : bytes;
    }

    /** A failed OSStatus while building a dictionary (SecKeychainOpen, SecAccessCreate, allocation). */
    private static final class StatusException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        StatusException(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** The CF objects made for one call, released (newest first) when the call is done. */
    private final class CfScope implements AutoCloseable {
        private final Deque<Pointer> owned = new ArrayDeque<>();

        Pointer dictionary(SecQuery query) throws StatusException {
            Map<SecAttribute, Object> entries = query.entries();
            Pointer[] keys = new Pointer[entries.size()];
            Pointer[] values = new Pointer[entries.size()];
            int i = 0;
            for (Map.Entry<SecAttribute, Object> entry : entries.entrySet()) {
                keys[i] = symbol(entry.getKey().symbol());
                values[i] = value(entry.getKey(), entry.getValue());
                i++;
            }
            return own(cf.CFDictionaryCreate(null, keys, values, keys.length,
                    cfLibrary.getGlobalVariableAddress("kCFTypeDictionaryKeyCallBacks"),
                    cfLibrary.getGlobalVariableAddress("kCFTypeDictionaryValueCallBacks")));
        }

        private Pointer value(SecAttribute attribute, Object value) throws StatusException {
            if (value instanceof String text) {
                return string(text);
            }
            if (value instanceof byte[] data) {
                return own(cf.CFDataCreate(null, nonEmpty(data), data.length));
            }
            if (value instanceof Boolean flag) {
                return symbol(flag ? "kCFBooleanTrue" : "kCFBooleanFalse");
            }
            if (value instanceof SecConstant constant) {
                return symbol(constant.symbol());
            }
            if (value instanceof SecQuery.Keychain keychain) {
                Pointer ref = keychain(keychain.path());
                return attribute == SecAttribute.MATCH_SEARCH_LIST ? array(ref) : ref;
            }
            if (value instanceof SecQuery.Access access) {
                return access(access);
            }
            throw new IllegalArgumentException("no CF form for " + value.getClass().getSimpleName());
        }

        private Pointer string(String text) throws StatusException {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return own(cf.CFStringCreateWithBytes(null, nonEmpty(utf8), utf8.length,
                    CoreFoundation.STRING_ENCODING_UTF8, (byte) 0));
        }

        private Pointer array(Pointer... elements) throws StatusException {
            return own(cf.CFArrayCreate(null, elements, elements.length,
                    cfLibrary.getGlobalVariableAddress("kCFTypeArrayCallBacks")));
        }

        private Pointer keychain(String path) throws StatusException {
            PointerByReference ref = new PointerByReference();
            int status = security.SecKeychainOpen(cPath(path), ref);
            if (status != OsStatus.SUCCESS) {
                throw new StatusException(status);
            }
            return own(ref.getValue());
        }

        /** An empty CFArray trusts no application; NULL trusts the calling one (the original's two cases). */
        private Pointer access(SecQuery.Access access) throws StatusException {
            Pointer trusted = access.trustNoApplication() ? array() : null;
            PointerByReference ref = new PointerByReference();
            int status = security.SecAccessCreate(string(access.label()), trusted, ref);
            if (status != OsStatus.SUCCESS) {
                throw new StatusException(status);
            }
            return own(ref.getValue());
        }

        private Pointer own(Pointer object) throws StatusException {
            if (object == null) {
                throw new StatusException(ERR_SEC_ALLOCATE);
            }
            owned.push(object);
            return object;
        }

        @Override
        public void close() {
            while (!owned.isEmpty()) {
                cf.CFRelease(owned.pop());
            }
        }
    }
}
