package dev.awsvault.prompt.wincredui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.win32.StdCallLibrary;

/**
 * What can be checked of the binding without Windows: the function has the wincred.h signature, and
 * {@code CREDUI_INFOW} has the C layout (on x86-64 Linux the alignment rules for these types are those of 64-bit
 * Windows: 40 bytes, the pointers at 8, 16, 24 and 32).
 */
class JnaBindingsTest {

    @Test
    void credUiIsAPublicStdcallLibraryWithTheHeaderSignature() throws Exception {
        assertTrue(StdCallLibrary.class.isAssignableFrom(CredUi.class));
        assertTrue(Modifier.isPublic(CredUi.class.getModifiers()));
        List<Method> methods = Arrays.stream(CredUi.class.getDeclaredMethods()).filter(m -> !m.isSynthetic()).toList();
        assertEquals(1, methods.size());
        Method m = methods.get(0);
        assertEquals("CredUIPromptForCredentialsW", m.getName());
        assertEquals("int(CredUiInfo,WString,Pointer,int,Pointer,int,Pointer,int,IntByReference,int)",
                m.getReturnType().getSimpleName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(",")) + ")");
    }

    @Test
    void creduiInfowHasTheHeaderFieldOrderAndLayout() throws Exception {
        assertEquals(List.of("cbSize", "hwndParent", "pszMessageText", "pszCaptionText", "hbmBanner"),
                List.of(CredUiInfo.class.getAnnotation(Structure.FieldOrder.class).value()));
        CredUiInfo info = CredUiInfo.of("caption", "message");
        int p = Native.POINTER_SIZE;
        assertEquals(5 * p, info.size(), "a DWORD padded to a pointer, then four pointers");
        assertEquals(info.size(), info.cbSize, "cbSize is the structure's own size, as the original sets it");
        assertEquals(0, offset(info, "cbSize"));
        assertEquals(p, offset(info, "hwndParent"));
        assertEquals(2 * p, offset(info, "pszMessageText"));
        assertEquals(3 * p, offset(info, "pszCaptionText"));
        assertEquals(4 * p, offset(info, "hbmBanner"));
        if (p == 8) {
            assertEquals(40, info.size());
        }
        assertEquals("caption", info.pszCaptionText.toString());
        assertEquals("message", info.pszMessageText.toString());
    }

    /** {@code Structure.fieldOffset} is protected; reflection reads it for the test. */
    private static int offset(Structure structure, String field) throws ReflectiveOperationException {
        Method fieldOffset = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        fieldOffset.setAccessible(true);
        return (Integer) fieldOffset.invoke(structure, field);
    }
}
