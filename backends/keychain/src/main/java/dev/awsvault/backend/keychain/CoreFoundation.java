package dev.awsvault.backend.keychain;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;

/**
 * The CoreFoundation functions needed to build and read Keychain Services dictionaries. Types: {@code CFIndex} and
 * {@code CFTypeID} are {@code long} (macOS is LP64 only), {@code Boolean} is {@code byte}, {@code CFStringEncoding}
 * is {@code int}, every CF object is a {@link Pointer}. Public only because JNA proxies it; the package is private.
 */
public interface CoreFoundation extends Library {
    /** {@code kCFStringEncodingUTF8}. */
    int STRING_ENCODING_UTF8 = 0x08000100;

    Pointer CFStringCreateWithBytes(Pointer allocator, byte[] bytes, long numBytes, int encoding,
            byte isExternalRepresentation);

    long CFStringGetLength(Pointer string);

    long CFStringGetMaximumSizeForEncoding(long length, int encoding);

    long CFStringGetBytes(Pointer string, CFRange.ByValue range, int encoding, byte lossByte,
            byte isExternalRepresentation, byte[] buffer, long maxBufLen, LongByReference usedBufLen);

    Pointer CFDataCreate(Pointer allocator, byte[] bytes, long length);

    long CFDataGetLength(Pointer data);

    Pointer CFDataGetBytePtr(Pointer data);

    Pointer CFArrayCreate(Pointer allocator, Pointer[] values, long numValues, Pointer callBacks);

    long CFArrayGetCount(Pointer array);

    Pointer CFArrayGetValueAtIndex(Pointer array, long index);

    Pointer CFDictionaryCreate(Pointer allocator, Pointer[] keys, Pointer[] values, long numValues,
            Pointer keyCallBacks, Pointer valueCallBacks);

    Pointer CFDictionaryGetValue(Pointer dictionary, Pointer key);

    long CFGetTypeID(Pointer object);

    long CFStringGetTypeID();

    long CFDataGetTypeID();

    long CFArrayGetTypeID();

    long CFDictionaryGetTypeID();

    void CFRelease(Pointer object);

    /** {@code CFRange {CFIndex location; CFIndex length;}}, passed by value. */
    @Structure.FieldOrder({"location", "length"})
    class CFRange extends Structure {
        public long location;
        public long length;

        public CFRange() {
        }

        /** The by-value form used in calls. */
        public static class ByValue extends CFRange implements Structure.ByValue {
            public ByValue() {
            }

            public ByValue(long location, long length) {
                this.location = location;
                this.length = length;
            }
        }
    }
}
