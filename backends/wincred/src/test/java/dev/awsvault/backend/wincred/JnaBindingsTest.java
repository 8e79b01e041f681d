package dev.awsvault.backend.wincred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.win32.StdCallLibrary;

/**
 * What can be checked of the bindings without Windows: the advapi32 interface has the wincred.h signatures, the
 * structures have the C layout (sizes as on 64-bit Windows, whose alignment rules for these types are those of
 * x86-64 Linux), and a credential survives the trip through native memory with the fields the original sets.
 */
class JnaBindingsTest {

    @Test
    void advapi32IsAPublicStdcallLibraryWithTheHeaderSignatures() {
        assertTrue(StdCallLibrary.class.isAssignableFrom(Advapi32.class));
        assertTrue(Modifier.isPublic(Advapi32.class.getModifiers()));
        assertEquals(Map.of(
                "CredReadW", "boolean(WString,int,int,PointerByReference)",
                "CredWriteW", "boolean(CredentialStruct,int)",
                "CredDeleteW", "boolean(WString,int,int)",
                "CredEnumerateW", "boolean(WString,int,IntByReference,PointerByReference)",
                "CredFree", "void(Pointer)"), signatures(Advapi32.class));
        assertEquals(1, Advapi32.CRED_TYPE_GENERIC);
        assertEquals(2, Advapi32.CRED_PERSIST_LOCAL_MACHINE);
    }

    @Test
    void credentialwHasTheHeaderFieldOrderAndSize() throws Exception {
        assertEquals(List.of("flags", "type", "targetName", "comment", "lastWritten", "credentialBlobSize",
                "credentialBlob", "persist", "attributeCount", "attributes", "targetAlias", "userName"),
                order(CredentialStruct.class));
        assertEquals(List.of("keyword", "flags", "valueSize", "value"), order(CredentialStruct.AttributeStruct.class));
        assertEquals(List.of("lowDateTime", "highDateTime"), order(CredentialStruct.FileTime.class));
        if (Native.POINTER_SIZE == 8) {
            assertEquals(80, new CredentialStruct().size());
            assertEquals(24, new CredentialStruct.AttributeStruct().size());
            CredentialStruct layout = new CredentialStruct();
            assertEquals(0, offset(layout, "flags"));
            assertEquals(8, offset(layout, "targetName"));
            assertEquals(24, offset(layout, "lastWritten"));
            assertEquals(32, offset(layout, "credentialBlobSize"));
            assertEquals(40, offset(layout, "credentialBlob"));
            assertEquals(48, offset(layout, "persist"));
            assertEquals(56, offset(layout, "attributes"));
            assertEquals(72, offset(layout, "userName"));
        }
        assertEquals(8, new CredentialStruct.FileTime().size());
    }

    @Test
    void aCredentialIsWrittenAsTheOriginalWritesIt() {
        byte[] payload = "{\"AccessKeyID\":\"AKIA\"}".getBytes(StandardCharsets.UTF_8);
        CredentialStruct struct = NativeCredentialManager.toNative(
                new Credential("aws-vault:aws-vault:default", payload));

        CredentialStruct read = new CredentialStruct(struct.getPointer());
        assertEquals(0, read.flags);
        assertEquals(1, read.type, "CRED_TYPE_GENERIC");
        assertEquals(2, read.persist, "CRED_PERSIST_LOCAL_MACHINE");
        assertEquals("aws-vault:aws-vault:default", read.targetName.toString());
        assertEquals("", read.comment.toString());
        assertEquals("", read.targetAlias.toString());
        assertEquals("", read.userName.toString(), "no user name (an empty string, as the Go library passes)");
        assertEquals(payload.length, read.credentialBlobSize);
        assertArrayEquals(payload, read.credentialBlob.getByteArray(0, payload.length));
        assertEquals(0, read.attributeCount);
        assertNull(read.attributes);
    }

    @Test
    void aCredentialWithAttributesSurvivesNativeMemory() {
        Credential credential = new Credential("aws-vault:aws-vault:sso", new byte[] {0, 1, (byte) 255},
                List.of(new Credential.Attribute("aws-vault-parts", "v1 gen=…".getBytes(StandardCharsets.UTF_8)),
                        new Credential.Attribute("empty", new byte[0])));
        CredentialStruct struct = NativeCredentialManager.toNative(credential);
        assertEquals(credential, NativeCredentialManager.fromNative(new CredentialStruct(struct.getPointer())));
        assertTrue(struct.keptAlive() instanceof CredentialStruct.AttributeStruct[]);

        Credential empty = new Credential("aws-vault:aws-vault:empty", new byte[0]);
        CredentialStruct emptyStruct = NativeCredentialManager.toNative(empty);
        assertNull(emptyStruct.credentialBlob);
        assertEquals(empty, NativeCredentialManager.fromNative(new CredentialStruct(emptyStruct.getPointer())));
    }

    /** {@code Structure.fieldOffset} is protected; reflection reads it for the test. */
    private static int offset(Structure structure, String field) throws ReflectiveOperationException {
        Method fieldOffset = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        fieldOffset.setAccessible(true);
        return (Integer) fieldOffset.invoke(structure, field);
    }

    private static List<String> order(Class<? extends Structure> type) {
        return List.of(type.getAnnotation(Structure.FieldOrder.class).value());
    }

    private static Map<String, String> signatures(Class<?> library) {
        return Arrays.stream(library.getDeclaredMethods())
                .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .collect(Collectors.toMap(Method::getName, m -> m.getReturnType().getSimpleName() + "("
                        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                                .collect(Collectors.joining(",")) + ")"));
    }
}
