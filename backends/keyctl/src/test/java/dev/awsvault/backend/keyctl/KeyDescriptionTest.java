package dev.awsvault.backend.keyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyDescriptionTest {

    @Test
    void aUserKey() {
        assertEquals(Optional.of(new KeyDescription("user", 1000, 100, 0x3f010000, "default")),
                KeyDescription.parse("user;1000;100;3f010000;default"));
    }

    @Test
    void theDescriptionKeepsItsSemicolons() {
        // The original's library takes the last field, so it would list this key as "c"
        assertEquals("sts.AssumeRole,a;b;c", KeyDescription.parse("user;0;0;3f3f0000;sts.AssumeRole,a;b;c")
                .orElseThrow().description());
    }

    @Test
    void anEmptyDescriptionAndTheHighestValues() {
        KeyDescription d = KeyDescription.parse("keyring;4294967295;65534;ffffffff;").orElseThrow();
        assertEquals("keyring", d.type());
        assertEquals(4294967295L, d.uid());
        assertEquals(65534, d.gid());
        assertEquals(0xffffffff, d.permissions());
        assertEquals("", d.description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user", "user;0;0;3f010000", ";0;0;3f010000;x", "user;x;0;3f010000;d",
        "user;0;0;zz;d", "user;0;0;;d"})
    void anythingElseIsNotADescription(String text) {
        assertEquals(Optional.empty(), KeyDescription.parse(text));
    }
}
