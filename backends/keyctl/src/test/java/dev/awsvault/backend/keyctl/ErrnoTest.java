package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrnoTest {

    @Test
    void namesAndTexts() {
        assertEquals("permission denied (EACCES)", Errno.describe(13));
        assertEquals("the kernel's key quota for this user is full (/proc/sys/kernel/keys/maxbytes and maxkeys) "
                + "(EDQUOT)", Errno.describe(122));
        assertEquals("key not found (ENOKEY)", Errno.describe(126));
        assertEquals("error 999", Errno.describe(999));
    }

    @ParameterizedTest
    @ValueSource(ints = {Errno.EPERM, Errno.EACCES, Errno.ENOSYS})
    void refusalsMeanUnavailable(int errno) {
        assertTrue(Errno.refusesKeyrings(errno));
    }

    @ParameterizedTest
    @ValueSource(ints = {Errno.EDQUOT, Errno.ENOKEY, Errno.EINVAL, Errno.ENOMEM, 0})
    void otherErrorsAreNotRefusals(int errno) {
        assertFalse(Errno.refusesKeyrings(errno));
    }

    @Test
    void whatAReaderTakesForAbsent() {
        assertTrue(Errno.meansNoKey(Errno.ENOKEY));
        assertTrue(Errno.meansNoKey(Errno.EKEYEXPIRED));
        assertTrue(Errno.meansNoKey(Errno.EKEYREVOKED));
        assertFalse(Errno.meansNoKey(Errno.EACCES));
        assertFalse(Errno.meansNoKey(Errno.ENOENT));
    }

    @Test
    void aFailureCarriesItsCallAndErrnoButNoStackTrace() {
        KeyctlFailure failure = new KeyctlFailure("add_key", Errno.EDQUOT);
        assertEquals("add_key: " + Errno.describe(Errno.EDQUOT), failure.getMessage());
        assertEquals(Errno.EDQUOT, failure.errno());
        assertEquals(Errno.describe(Errno.EDQUOT), failure.reason());
        assertEquals(0, failure.getStackTrace().length);
    }
}
