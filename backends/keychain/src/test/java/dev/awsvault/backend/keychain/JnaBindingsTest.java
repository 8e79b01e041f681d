package dev.awsvault.backend.keychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * What can be checked of the bindings without macOS: the interfaces are JNA libraries with the C signatures of the
 * headers, the structure has the C layout, and the symbols read from the frameworks have their Apple names.
 */
class JnaBindingsTest {

    @Test
    void theLibrariesArePublicJnaInterfaces() {
        for (Class<?> library : List.of(CoreFoundation.class, SecurityFramework.class)) {
            assertTrue(library.isInterface() && Library.class.isAssignableFrom(library), library.getName());
            assertTrue(Modifier.isPublic(library.getModifiers()), "JNA proxies need a public interface");
        }
    }

    @Test
    void securityFunctionsHaveTheHeaderSignatures() {
        assertEquals(Map.of(
                "SecKeychainOpen", "int(byte[],PointerByReference)",
                "SecKeychainGetStatus", "int(Pointer,IntByReference)",
                "SecKeychainCreate", "int(byte[],int,Pointer,byte,Pointer,PointerByReference)",
                "SecAccessCreate", "int(Pointer,Pointer,PointerByReference)",
                "SecItemAdd", "int(Pointer,PointerByReference)",
                "SecItemUpdate", "int(Pointer,Pointer)",
                "SecItemDelete", "int(Pointer)",
                "SecItemCopyMatching", "int(Pointer,PointerByReference)"), signatures(SecurityFramework.class));
    }

    @Test
    void coreFoundationFunctionsHaveTheHeaderSignatures() {
        Map<String, String> expected = new TreeMap<>();
        expected.put("CFStringCreateWithBytes", "Pointer(Pointer,byte[],long,int,byte)");
        expected.put("CFStringGetLength", "long(Pointer)");
        expected.put("CFStringGetMaximumSizeForEncoding", "long(long,int)");
        expected.put("CFStringGetBytes", "long(Pointer,ByValue,int,byte,byte,byte[],long,LongByReference)");
        expected.put("CFDataCreate", "Pointer(Pointer,byte[],long)");
        expected.put("CFDataGetLength", "long(Pointer)");
        expected.put("CFDataGetBytePtr", "Pointer(Pointer)");
        expected.put("CFArrayCreate", "Pointer(Pointer,Pointer[],long,Pointer)");
        expected.put("CFArrayGetCount", "long(Pointer)");
        expected.put("CFArrayGetValueAtIndex", "Pointer(Pointer,long)");
        expected.put("CFDictionaryCreate", "Pointer(Pointer,Pointer[],Pointer[],long,Pointer,Pointer)");
        expected.put("CFDictionaryGetValue", "Pointer(Pointer,Pointer)");
        expected.put("CFGetTypeID", "long(Pointer)");
        expected.put("CFStringGetTypeID", "long()");
        expected.put("CFDataGetTypeID", "long()");
        expected.put("CFArrayGetTypeID", "long()");
        expected.put("CFDictionaryGetTypeID", "long()");
        expected.put("CFRelease", "void(Pointer)");
        assertEquals(expected, new TreeMap<>(signatures(CoreFoundation.class)));
        assertEquals(0x08000100, CoreFoundation.STRING_ENCODING_UTF8);
    }

    @Test
    void cfRangeIsTwoCfIndexesPassedByValue() {
        CoreFoundation.CFRange.ByValue range = new CoreFoundation.CFRange.ByValue(3, 7);
        assertEquals(List.of("location", "length"), fieldNames(range));
        assertEquals(2 * Long.BYTES, range.size());
        assertTrue(range instanceof Structure.ByValue);
        range.write();
        assertEquals(3, range.getPointer().getLong(0));
        assertEquals(7, range.getPointer().getLong(Long.BYTES));
        assertEquals(8, Native.LONG_SIZE, "CFIndex is a C long: 64 bits on every supported macOS (and here)");
    }

    @Test
    void symbolsAreTheSecurityFrameworkNames() {
        assertEquals(List.of("kSecClass", "kSecAttrService", "kSecAttrAccount", "kSecAttrLabel",
                "kSecAttrDescription", "kSecValueData", "kSecAttrAccess", "kSecUseKeychain", "kSecMatchSearchList",
                "kSecMatchLimit", "kSecReturnAttributes", "kSecReturnData"),
                Arrays.stream(SecAttribute.values()).map(SecAttribute::symbol).toList());
        assertEquals(List.of("kSecClassGenericPassword", "kSecMatchLimitOne", "kSecMatchLimitAll"),
                Arrays.stream(SecConstant.values()).map(SecConstant::symbol).toList());
    }

    private static List<String> fieldNames(Structure structure) {
        return structure.getClass().getAnnotation(Structure.FieldOrder.class) != null
                ? List.of(structure.getClass().getAnnotation(Structure.FieldOrder.class).value())
                : List.of(structure.getClass().getSuperclass().getAnnotation(Structure.FieldOrder.class).value());
    }

    private static Map<String, String> signatures(Class<?> library) {
        return Arrays.stream(library.getDeclaredMethods())
                .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .collect(Collectors.toMap(Method::getName, m -> m.getReturnType().getSimpleName() + "("
                        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                                .collect(Collectors.joining(",")) + ")"));
    }
}
