package dev.awsvault.backend.wincred;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

import dev.awsvault.api.keystore.KeystoreException;

/**
 * {@link CredentialManager} over advapi32 through JNA. Credentials are written as the original's library writes them:
 * {@code CRED_TYPE_GENERIC}, {@code CRED_PERSIST_LOCAL_MACHINE}, flags 0, and empty (not NULL) comment, alias and
 * user name. Every buffer the system returns is given back with {@code CredFree}.
 */
final class NativeCredentialManager implements CredentialManager {
    private static NativeCredentialManager shared;

    private final Advapi32 advapi32;

    private NativeCredentialManager(Advapi32 advapi32) {
        this.advapi32 = advapi32;
    }

    /** The one bridge of this class loader, loaded on first use (Windows only; callers check the platform first). */
    static synchronized CredentialManager shared() throws KeystoreException {
        if (shared == null) {
            try {
                shared = new NativeCredentialManager(
                        Native.load("Advapi32", Advapi32.class, W32APIOptions.UNICODE_OPTIONS));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new KeystoreException("cannot load advapi32 (Windows Credential Manager): " + why, e);
            }
        }
        return shared;
    }

    @Override
    public Credential read(String targetName) throws Win32Error {
        PointerByReference buffer = new PointerByReference();
        if (!advapi32.CredReadW(new WString(targetName), Advapi32.CRED_TYPE_GENERIC, 0, buffer)) {
            throw new Win32Error(Native.getLastError());
        }
        try {
            return fromNative(new CredentialStruct(buffer.getValue()));
        } finally {
            advapi32.CredFree(buffer.getValue());
        }
    }

    @Override
    public void write(Credential credential) throws Win32Error {
        CredentialStruct struct = toNative(credential);
        try {
            if (!advapi32.CredWriteW(struct, 0)) {
                throw new Win32Error(Native.getLastError());
            }
        } finally {
            if (struct.credentialBlob instanceof Memory secret) {
                secret.clear(); // the payload does not linger in native memory until the GC frees it
            }
        }
    }

    @Override
    public void delete(String targetName) throws Win32Error {
        if (!advapi32.CredDeleteW(new WString(targetName), Advapi32.CRED_TYPE_GENERIC, 0)) {
            throw new Win32Error(Native.getLastError());
        }
    }

    @Override
    public List<Credential> enumerate(String filter) throws Win32Error {
        IntByReference count = new IntByReference();
        PointerByReference buffer = new PointerByReference();
        if (!advapi32.CredEnumerateW(new WString(filter), 0, count, buffer)) {
            throw new Win32Error(Native.getLastError());
        }
        try {
            List<Credential> credentials = new ArrayList<>();
            for (Pointer address : buffer.getValue().getPointerArray(0, count.getValue())) {
                CredentialStruct struct = new CredentialStruct(address);
                if (struct.type == Advapi32.CRED_TYPE_GENERIC) {
                    credentials.add(fromNative(struct));
                }
            }
            return credentials;
        } finally {
            advapi32.CredFree(buffer.getValue());
        }
    }

    /** The {@code CREDENTIALW} for {@code credential}, with its blob and attributes in native memory. */
    static CredentialStruct toNative(Credential credential) {
        CredentialStruct struct = new CredentialStruct();
        struct.flags = 0;
        struct.type = Advapi32.CRED_TYPE_GENERIC;
        struct.targetName = new WString(credential.targetName());
        struct.comment = new WString("");
        struct.targetAlias = new WString("");
        struct.userName = new WString("");
        struct.persist = Advapi32.CRED_PERSIST_LOCAL_MACHINE;
        byte[] blob = credential.blob();
        struct.credentialBlobSize = blob.length;
        struct.credentialBlob = blob.length == 0 ? null : copy(blob);
        List<Credential.Attribute> attributes = credential.attributes();
        struct.attributeCount = attributes.size();
        if (!attributes.isEmpty()) {
            CredentialStruct.AttributeStruct[] array = (CredentialStruct.AttributeStruct[])
                    new CredentialStruct.AttributeStruct().toArray(attributes.size());
            for (int i = 0; i < array.length; i++) {
                byte[] value = attributes.get(i).value();
                array[i].keyword = new WString(attributes.get(i).keyword());
                array[i].flags = 0;
                array[i].valueSize = value.length;
                array[i].value = value.length == 0 ? null : copy(value);
                array[i].write();
            }
            struct.attributes = array[0].getPointer();
            struct.keepAlive(array); // their keyword strings and values live as long as they do
        }
        struct.write();
        return struct;
    }

    /** The credential a {@code CREDENTIALW} (read from native memory) describes. */
    static Credential fromNative(CredentialStruct struct) {
        byte[] blob = struct.credentialBlob == null || struct.credentialBlobSize == 0 ? new byte[0]
                : struct.credentialBlob.getByteArray(0, struct.credentialBlobSize);
        List<Credential.Attribute> attributes = new ArrayList<>();
        if (struct.attributes != null) {
            int size = new CredentialStruct.AttributeStruct().size();
            for (int i = 0; i < struct.attributeCount; i++) {
                CredentialStruct.AttributeStruct attribute =
                        new CredentialStruct.AttributeStruct(struct.attributes.share((long) i * size));
                byte[] value = attribute.value == null || attribute.valueSize == 0 ? new byte[0]
                        : attribute.value.getByteArray(0, attribute.valueSize);
                attributes.add(new Credential.Attribute(
                        attribute.keyword == null ? "" : attribute.keyword.toString(), value));
            }
        }
        return new Credential(struct.targetName == null ? "" : struct.targetName.toString(), blob, attributes);
    }

    private static Memory copy(byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }
}
