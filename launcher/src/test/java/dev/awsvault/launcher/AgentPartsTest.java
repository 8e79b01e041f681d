package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The agent's pieces that need no socket: frames, settings, the unlock cache, routing. */
class AgentPartsTest {

    @Test
    void framesRoundTripAndBadOnesAreRefused() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        AgentFrames.frame(AgentFrames.REQUEST).strs(List.of("exec", "prod", "--", "ünïcode")).strs(List.of("A=1"))
            .str("/tmp").u8(5).writeTo(wire);
        AgentFrames.Frame f = AgentFrames.read(new ByteArrayInputStream(wire.toByteArray()));
        assertEquals(AgentFrames.REQUEST, f.type);
        assertEquals(List.of("exec", "prod", "--", "ünïcode"), f.strs());
        assertEquals(List.of("A=1"), f.strs());
        assertEquals("/tmp", f.str());
        assertEquals(5, f.u8());
        assertNull(AgentFrames.read(new ByteArrayInputStream(new byte[0])), "a clean end of stream");

        byte[] oversize = {'O', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(AgentFrames.MalformedFrameException.class, () -> AgentFrames.read(new ByteArrayInputStream(oversize)));
        byte[] cut = {'O', 0, 0, 0, 9, 1, 2};
        assertThrows(AgentFrames.MalformedFrameException.class, () -> AgentFrames.read(new ByteArrayInputStream(cut)));
        byte[] lyingString = {'A', 0, 0, 0, 5, 1, 0, 0, 0, 100};
        AgentFrames.Frame answer = AgentFrames.read(new ByteArrayInputStream(lyingString));
        assertEquals(1, answer.u8());
        assertThrows(AgentFrames.MalformedFrameException.class, answer::str);
        byte[] lyingList = {'R', 0, 0, 0, 4, 0x10, 0, 0, 0};
        assertThrows(AgentFrames.MalformedFrameException.class, () -> AgentFrames.read(new ByteArrayInputStream(lyingList)).strs());
    }

    @Test
    void secretsAreReadAsCharsAndTheFrameIsCleared() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        AgentFrames.frame(AgentFrames.ANSWER).u8(1).str("pässword").writeTo(wire);
        AgentFrames.Frame f = AgentFrames.read(new ByteArrayInputStream(wire.toByteArray()));
        f.u8();
        assertArrayEquals("pässword".toCharArray(), f.secret());
    }

    @Test
    void ttlAndAutostartSettings() {
        assertEquals(Duration.ofMinutes(15), new AgentSettings(Map.of("HOME", "/nonexistent")).ttl());
        assertEquals(Duration.ofMinutes(90), new AgentSettings(Map.of("AWS_VAULT_AGENT_TTL", "1h30m")).ttl());
        assertEquals(Duration.ZERO, new AgentSettings(Map.of("AWS_VAULT_AGENT_TTL", "0")).ttl());
        assertEquals(Duration.ofMillis(1500), AgentSettings.parseDuration("1.5s", "x"));
        LauncherException bad = assertThrows(LauncherException.class, () -> AgentSettings.parseDuration("15 minutes", "--ttl"));
        assertEquals("invalid duration \"15 minutes\" for --ttl (use a Go duration such as 15m, 1h or 0)", bad.getMessage());
        assertThrows(LauncherException.class, () -> AgentSettings.parseDuration("-5m", "--ttl"));
        assertTrue(new AgentSettings(Map.of("AWS_VAULT_AGENT_AUTOSTART", "true")).autostart());
        assertFalse(new AgentSettings(Map.of("HOME", "/nonexistent")).autostart());
        assertThrows(LauncherException.class, () -> new AgentSettings(Map.of("AWS_VAULT_AGENT_AUTOSTART", "maybe")).autostart());
    }

    @Test
    void theConfigFileSetsWhatTheEnvironmentDoesNot(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("aws-vault"));
        java.nio.file.Files.writeString(dir.resolve("aws-vault/config"), "agent_ttl = 5m\nagent_autostart = yes\n");
        AgentSettings settings = new AgentSettings(Map.of("XDG_CONFIG_HOME", dir.toString()));
        assertEquals(Duration.ofMinutes(5), settings.ttl());
        assertTrue(settings.autostart());
        assertEquals(Duration.ofMinutes(1),
            new AgentSettings(Map.of("XDG_CONFIG_HOME", dir.toString(), "AWS_VAULT_AGENT_TTL", "1m")).ttl());
    }

    @Test
    void theCacheForgetsAfterItsTtlAndOnClearAndWipesTheArrays() {
        MutableClock clock = new MutableClock();
        MemorySecretCache cache = new MemorySecretCache(Duration.ofMinutes(15), clock);
        char[] secret = "hunter2".toCharArray();
        cache.put("k", secret);
        char[] copy = cache.get("k");
        assertArrayEquals(secret, copy);
        copy[0] = 'X';
        assertArrayEquals(secret, cache.get("k"), "get hands out copies");
        assertEquals(clock.now.plus(Duration.ofMinutes(15)), cache.unlockedUntil().orElseThrow());
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertNull(cache.get("k"), "expired exactly at its TTL");
        assertTrue(cache.unlockedUntil().isEmpty());

        cache.put("a", secret);
        cache.put("b", secret);
        cache.clear();
        assertEquals(0, cache.size());

        MemorySecretCache none = new MemorySecretCache(Duration.ZERO, clock);
        none.put("k", secret);
        assertNull(none.get("k"), "a TTL of 0 keeps nothing");
    }

    @Test
    void commandsThatNeedTheCallersProcessRunCold() {
        assertTrue(AgentRouting.runsCold(List.of("shell")));
        assertTrue(AgentRouting.runsCold(List.of("--backend", "file", "shell")));
        assertTrue(AgentRouting.runsCold(List.of("exec", "prod", "--server")));
        assertTrue(AgentRouting.runsCold(List.of("exec", "-s", "prod")));
        assertTrue(AgentRouting.runsCold(List.of("exec", "--ec2-server", "prod", "--", "aws")));
        assertTrue(AgentRouting.runsCold(List.of("server")));
        assertFalse(AgentRouting.runsCold(List.of("exec", "prod", "--", "tool", "--server")));
        assertFalse(AgentRouting.runsCold(List.of("--prompt", "shell", "list")));
        assertFalse(AgentRouting.runsCold(List.of("exec", "--server=false", "prod")));
        assertFalse(AgentRouting.runsCold(List.of()));
        assertEquals("list", AgentRouting.command(List.of("--debug", "--file-dir", "/x", "list")));
        assertEquals("agent", AgentRouting.command(List.of("--debug", "agent", "start")));
    }

    @Test
    void theSocketPath() {
        assertEquals(Path.of("/x/y.sock"), AgentSocket.path(Map.of("AWS_VAULT_AGENT_SOCKET", "/x/y.sock", "XDG_RUNTIME_DIR", "/run/user/5"), 5));
        assertEquals(Path.of("/run/user/5/aws-vault/agent.sock"), AgentSocket.path(Map.of("XDG_RUNTIME_DIR", "/run/user/5"), 5));
        assertEquals(Path.of("/tmp/aws-vault-5/agent.sock"), AgentSocket.path(Map.of("XDG_RUNTIME_DIR", "relative"), 5));
        assertEquals(Path.of("/tmp/aws-vault-5/agent.sock"), AgentSocket.path(Map.of(), 5));
    }

    @Test
    void environmentEntries() {
        assertEquals(Map.of("A", "1=2", "B", ""), AgentFrames.environment(List.of("A=1=2", "B=", "A=ignored", "=x", "noequals")));
    }

    @Test
    void goDurations() {
        assertEquals("0s", ResidentAgentControl.goDuration(Duration.ZERO));
        assertEquals("45s", ResidentAgentControl.goDuration(Duration.ofSeconds(45)));
        assertEquals("15m0s", ResidentAgentControl.goDuration(Duration.ofMinutes(15)));
        assertEquals("1h0m5s", ResidentAgentControl.goDuration(Duration.ofSeconds(3605)));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
