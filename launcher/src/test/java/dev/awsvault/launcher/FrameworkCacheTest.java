package dev.awsvault.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkCacheTest {
    @TempDir
    Path dir;

    private Path jar(String name, String content) throws IOException {
        Path jar = dir.resolve(name);
        Files.writeString(jar, content);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        return jar;
    }

    @Test
    void keyIsStableForTheSameJars() throws IOException {
        List<Path> jars = List.of(jar("a.jar", "aaa"), jar("b.jar", "bbb"));
        String key = FrameworkCache.key("REFERENCE", 17, jars);
        assertEquals(key, FrameworkCache.key("REFERENCE", 17, List.copyOf(jars)));
        assertEquals(32, key.length());
        assertTrue(key.matches("[0-9a-f]{32}"), key);
    }

    @Test
    void keyChangesWithModificationTime() throws IOException {
        Path a = jar("a.jar", "aaa");
        String before = FrameworkCache.key("REFERENCE", 17, List.of(a));
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_700_000_000_001L));
        assertNotEquals(before, FrameworkCache.key("REFERENCE", 17, List.of(a)));
    }

    @Test
    void keyChangesWithSize() throws IOException {
        Path a = jar("a.jar", "aaa");
        String before = FrameworkCache.key("REFERENCE", 17, List.of(a));
        jar("a.jar", "aaaa"); // same mtime, other size: a rebuilt jar copied with its timestamp kept
        assertNotEquals(before, FrameworkCache.key("REFERENCE", 17, List.of(a)));
    }

    @Test
    void keyChangesWithPathSetOrderModeAndJava() throws IOException {
        Path a = jar("a.jar", "aaa");
        Path b = jar("b.jar", "aaa");
        String key = FrameworkCache.key("REFERENCE", 17, List.of(a, b));
        assertNotEquals(key, FrameworkCache.key("REFERENCE", 17, List.of(a)), "a plugin removed");
        assertNotEquals(key, FrameworkCache.key("REFERENCE", 17, List.of(b, a)), "order");
        assertNotEquals(key, FrameworkCache.key("COPY", 17, List.of(a, b)), "install mode");
        assertNotEquals(key, FrameworkCache.key("REFERENCE", 25, List.of(a, b)), "java version");
        Path moved = Files.createDirectory(dir.resolve("other")).resolve("a.jar");
        Files.copy(a, moved);
        Files.setLastModifiedTime(moved, Files.getLastModifiedTime(a));
        assertNotEquals(FrameworkCache.key("REFERENCE", 17, List.of(a)), FrameworkCache.key("REFERENCE", 17, List.of(moved)), "path");
    }

    @Test
    void publishMovesTheTemporaryIntoPlace() throws IOException {
        FrameworkCache cache = new FrameworkCache(dir.resolve("framework"));
        Path tmp = cache.newTemporary("k1");
        Files.writeString(tmp.resolve("bundle1"), "x");
        Path published = cache.publish(tmp, "k1", dir, 17);
        assertEquals(cache.directory("k1"), published);
        assertTrue(Files.isRegularFile(published.resolve("bundle1")));
        assertEquals(FrameworkCache.owner(dir, 17), Files.readString(published.resolve(FrameworkCache.OWNER_FILE)));
        assertFalse(Files.exists(tmp));
    }

    @Test
    void theLoserOfARaceUsesTheWinnersDirectoryAndDeletesItsOwn() throws IOException {
        FrameworkCache cache = new FrameworkCache(dir.resolve("framework"));
        Path first = cache.newTemporary("k1");
        Path second = cache.newTemporary("k1");
        Files.writeString(first.resolve("winner"), "1");
        Files.writeString(second.resolve("loser"), "2");
        assertEquals(cache.directory("k1"), cache.publish(first, "k1", dir, 17));
        assertEquals(cache.directory("k1"), cache.publish(second, "k1", dir, 17));
        assertTrue(Files.exists(cache.directory("k1").resolve("winner")));
        assertFalse(Files.exists(cache.directory("k1").resolve("loser")));
        assertFalse(Files.exists(second));
        try (Stream<Path> entries = Files.list(cache.root())) {
            assertEquals(List.of(cache.directory("k1")), entries.toList());
        }
    }

    @Test
    void removeStaleKeepsOtherInstallationsAndJavaVersions() throws IOException {
        FrameworkCache cache = new FrameworkCache(dir.resolve("framework"));
        Path dist = Files.createDirectory(dir.resolve("dist"));
        Path otherDist = Files.createDirectory(dir.resolve("other-dist"));
        cache.publish(cache.newTemporary("current"), "current", dist, 17);
        cache.publish(cache.newTemporary("old"), "old", dist, 17);
        cache.publish(cache.newTemporary("jdk25"), "jdk25", dist, 25);
        cache.publish(cache.newTemporary("other"), "other", otherDist, 17);
        Path goneDist = Files.createDirectory(dir.resolve("gone-dist"));
        cache.publish(cache.newTemporary("gone"), "gone", goneDist, 17);
        Files.delete(goneDist);
        Path deadTemporary = cache.newTemporary("dead");
        Files.setLastModifiedTime(deadTemporary, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path liveTemporary = cache.newTemporary("live");

        cache.removeStale("current", dist, 17);

        assertTrue(Files.isDirectory(cache.directory("current")));
        assertFalse(Files.exists(cache.directory("old")), "same installation and Java: stale after a rebuild");
        assertTrue(Files.isDirectory(cache.directory("jdk25")), "another Java version of the same installation");
        assertTrue(Files.isDirectory(cache.directory("other")), "another installation");
        assertFalse(Files.exists(cache.directory("gone")), "an installation that no longer exists");
        assertFalse(Files.exists(deadTemporary), "left by a populating run that died");
        assertTrue(Files.isDirectory(liveTemporary), "a populating run in progress");
    }
}
