package dev.awsvault.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ProfileConfig}: tag parsing, {@link ProfileConfig.Base}, value() and toString. */
class ProfileConfigTest {

    @Test
    void sessionTags() {
        assertEquals(Map.of("tag1", "value1"), ProfileConfig.parseSessionTags("tag1=value1"));
        assertEquals(List.of("tag2", "tag3", "tag4"),
                List.copyOf(ProfileConfig.parseSessionTags("tag2=value2,tag3=value3,tag4=value4").keySet()));
        assertEquals(Map.of("tagA", "valueA", "tagB", "valueB", "tagC", "valueC"),
                ProfileConfig.parseSessionTags(" tagA = valueA ,  tagB  =  valueB  ,  tagC   =   valueC  "));
        assertEquals(Map.of("k", "a=b"), ProfileConfig.parseSessionTags("k=a=b"), "split at the first '='");
        assertEquals(Map.of("k", "2"), ProfileConfig.parseSessionTags("k=1,k=2"), "later wins");
        assertEquals(Map.of("", "v", "k", ""), ProfileConfig.parseSessionTags("=v,k="), "empty keys and values pass, as in the original");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tag1=value1,", "tagA=valueA,tagB", "tagOne,tagTwo=valueTwo", "tagI=valueI,tagII,tagIII=valueIII", ","})
    void badSessionTags(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileConfig.parseSessionTags(s));
        assertEquals("session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]", e.getMessage());
    }

    @Test
    void transitiveSessionTags() {
        assertEquals(List.of("tag1"), ProfileConfig.parseTransitiveSessionTags("tag1"));
        assertEquals(List.of("tag2", "tag3", "tag4"), ProfileConfig.parseTransitiveSessionTags("tag2,tag3,tag4"));
        assertEquals(List.of("tagA", "tagB", "tagC"), ProfileConfig.parseTransitiveSessionTags(" tagA ,  tagB  ,   tagC   "));
        assertEquals(List.of("tag1"), ProfileConfig.parseTransitiveSessionTags("tag1,"));
        assertEquals(List.of("tagA"), ProfileConfig.parseTransitiveSessionTags(",tagA"));
        assertNull(ProfileConfig.parseTransitiveSessionTags(""));
        assertNull(ProfileConfig.parseTransitiveSessionTags(","));
        assertNull(ProfileConfig.parseTransitiveSessionTags(" , \t,"));
    }

    @Test
    void baseIsImmutableAndNullSafe() {
        ProfileConfig.Base empty = ProfileConfig.Base.empty();
        ProfileConfig.Base b = empty.withRegion("r").withMfaToken("123456").withDuration(Duration.ofMinutes(5));
        assertEquals("", empty.region());
        assertEquals("r", b.region());
        assertEquals("123456", b.mfaToken());
        assertEquals(Duration.ofMinutes(5), b.assumeRoleDuration());
        assertEquals(Duration.ofMinutes(5), b.nonChainedGetSessionTokenDuration());
        assertEquals(Duration.ZERO, b.chainedGetSessionTokenDuration());
        assertEquals(Duration.ZERO, b.getFederationTokenDuration());
        ProfileConfig.Base cleared = b.withRegion(null).withMfaToken(null).withDuration(null);
        assertEquals(empty, cleared);
        assertEquals(empty.hashCode(), cleared.hashCode());
        assertNotEquals(empty, b);
        assertFalse(b.toString().contains("123456"), b.toString());
        assertTrue(b.toString().contains("<set>"));
    }

    @Test
    void toStringHasSettingsButNeverTheMfaToken() {
        String cfg = "[profile t]\nsource_profile = s\nrole_arn = arn:aws:iam::1:role/r\nmfa_serial = m\nsession_tags = a=1\n[profile s]\n";
        ProfileConfig c = new ConfigLoader(ConfigFile.parse(cfg, "t"), Map.of(), ProfileConfig.Base.EMPTY.withMfaToken("424242")).load("t");
        String s = c.toString();
        assertFalse(s.contains("424242"), s);
        assertTrue(s.contains("mfa_token=<set>"), s);
        assertTrue(s.contains("role_arn=arn:aws:iam::1:role/r"), s);
        assertTrue(s.contains("source_profile=s"), s);
        assertTrue(s.contains("assume_role_duration=1h0m0s"), s);
        String src = c.sourceProfile().orElseThrow().toString();
        assertTrue(src.contains("chained_from=t"), src);
        assertFalse(src.contains("424242"), src);
        assertEquals("424242", c.mfaToken());
        assertEquals(Optional.empty(), c.value("mfa_token"));
    }

    @Test
    void valueRendersModelledKeys() {
        String cfg = "[profile p]\nsession_tags = a = 1 , b=2\ntransitive_session_tags = x, y\nsso_session = s\n"
                + "[sso-session s]\nsso_start_url = https://s/start\n";
        ProfileConfig c = new ConfigLoader(ConfigFile.parse(cfg, "t"), Map.of(), null).load("p");
        assertEquals(Optional.of("a=1,b=2"), c.value("session_tags"));
        assertEquals(Optional.of("x,y"), c.value("Transitive_Session_Tags"));
        assertEquals(Optional.of("https://s/start"), c.value("sso_start_url"), "from the [sso-session], not the profile");
        assertEquals(Optional.empty(), c.value("role_arn"));
    }

    @Test
    void collectionsAreUnmodifiable() {
        ProfileConfig c = new ConfigLoader(ConfigFile.parse("[profile p]\nsession_tags = a=1\ntransitive_session_tags = a\nx = y\n", "t"),
                Map.of(), null).load("p");
        assertThrows(UnsupportedOperationException.class, () -> c.sessionTags().put("b", "2"));
        assertThrows(UnsupportedOperationException.class, () -> c.transitiveSessionTags().add("b"));
        assertThrows(UnsupportedOperationException.class, () -> c.rawValues().put("b", "2"));
    }
}
