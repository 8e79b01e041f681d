package dev.awsvault.backend.wincred;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;

/**
 * {@code CREDENTIALW} (wincred.h), in field order: 80 bytes on 64-bit Windows. Public only for JNA.
 */
@Structure.FieldOrder({"flags", "type", "targetName", "comment", "lastWritten", "credentialBlobSize",
        "credentialBlob", "persist", "attributeCount", "attributes", "targetAlias", "userName"})
public class CredentialStruct extends Structure {
    public int flags;
    public int type;
    public WString targetName;
    public WString comment;
    public FileTime lastWritten;
    public int credentialBlobSize;
    public Pointer credentialBlob;
    public int persist;
    public int attributeCount;
    /** {@code PCREDENTIAL_ATTRIBUTEW}: an array of {@link AttributeStruct}. */
    public Pointer attributes;
    public WString targetAlias;
    public WString userName;

    /** Native memory the pointers above refer to, kept reachable as long as this structure is. */
    private Object keepAlive;

    public CredentialStruct() {
    }

    /** Reads the structure the system returned at {@code address}. */
    public CredentialStruct(Pointer address) {
        super(address);
        read();
    }

    void keepAlive(Object memory) {
        this.keepAlive = memory;
    }

    Object keptAlive() {
        return keepAlive;
    }

    /** {@code FILETIME}: two DWORDs. */
    @Structure.FieldOrder({"lowDateTime", "highDateTime"})
    public static class FileTime extends Structure {
        public int lowDateTime;
        public int highDateTime;
    }

    /** {@code CREDENTIAL_ATTRIBUTEW}: 24 bytes on 64-bit Windows. */
    @Structure.FieldOrder({"keyword", "flags", "valueSize", "value"})
    public static class AttributeStruct extends Structure {
        public WString keyword;
        public int flags;
        public int valueSize;
        public Pointer value;

        public AttributeStruct() {
        }

        public AttributeStruct(Pointer address) {
            super(address);
            read();
        }
    }
}
