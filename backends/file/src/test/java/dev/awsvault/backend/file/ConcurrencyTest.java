package dev.awsvault.backend.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;

@Timeout(120)
class ConcurrencyTest {
    static final String PASS = "concurrent";

    @TempDir
    Path tmp;

    private Path keys() {
        return tmp.resolve("keys");
    }

    private Keystore open() {
        return new FileKeystoreBackend().open(FakeContext.withEnvPassphrase(tmp, keys(), PASS));
    }

    private void assertAllReadable(Set<String> expected) throws Exception {
        Keystore reader = open();
        assertEquals(expected, new TreeSet<>(reader.keys()));
        for (String key : expected) {
            assertTrue(reader.get(key).isPresent(), key);
        }
        assertEquals(List.of("lock"), TestSupport.names(tmp.resolve(".keys.d")), "no temporary files left");
    }

    @Test
    void threadsWritingDifferentKeysAllLand() throws Exception {
        int threads = 8;
        int perThread = 12;
        Keystore shared = open();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t;
            Keystore store = t % 2 == 0 ? shared : open(); // one shared instance and several separate ones
            for (int i = 0; i < perThread; i++) {
                expected.add(prefix + "/" + i);
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    store.set(TestSupport.item(prefix + "/" + i, "{}"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertAllReadable(expected);
    }

    @Test
    void threadsWritingTheSameKeyLeaveOneWholeItem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String value = "{\"writer\":" + t + "}";
            futures.add(pool.submit(() -> {
                Keystore store = open();
                for (int i = 0; i < 5; i++) {
                    store.set(TestSupport.item("same", value));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        String data = TestSupport.text(open().get("same").orElseThrow().data());
        assertTrue(data.matches("\\{\"writer\":[0-5]\\}"), data);
        assertEquals(List.of("same"), TestSupport.names(keys()));
    }

    private Process java(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void processesWritingDifferentKeysAllLand() throws Exception {
        int processes = 3;
        int perProcess = 10;
        List<Process> children = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (int p = 0; p < processes; p++) {
            children.add(java(ChildWriter.class, keys().toString(), "p" + p, Integer.toString(perProcess)));
            for (int i = 0; i < perProcess; i++) {
                expected.add("p" + p + "/" + i);
            }
        }
        Keystore mine = open(); // and this process at the same time
        for (int i = 0; i < perProcess; i++) {
            mine.set(TestSupport.item("parent/" + i, "{}"));
            expected.add("parent/" + i);
        }
        for (Process child : children) {
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), "child finished");
            assertEquals("done", new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            assertEquals(0, child.exitValue());
        }
        assertAllReadable(expected);
    }

    @Test
    void aWriterWaitsForTheLockHeldByAnotherProcess() throws Exception {
        open().set(TestSupport.item("first", "{}")); // creates the folders and the lock file
        Path lockFile = tmp.resolve(".keys.d/lock");
        assertTrue(Files.exists(lockFile));
        Process holder = java(ChildLockHolder.class, lockFile.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> open().set(TestSupport.item("second", "{}")));
            CompletableFuture<Boolean> remove = CompletableFuture.supplyAsync(() -> open().remove("first"));
            try {
                write.get(1500, TimeUnit.MILLISECONDS);
                throw new AssertionError("the write did not wait for the other process's lock");
            } catch (TimeoutException expected) {
                // blocked, as it should be
            }
            assertFalse(remove.isDone(), "the removal did not wait for the other process's lock");
            assertEquals(List.of("first"), TestSupport.names(keys()));
            OutputStream in = holder.getOutputStream();
            in.write('\n');
            in.flush();
            write.get(30, TimeUnit.SECONDS);
            assertTrue(remove.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("second"), TestSupport.names(keys()));
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
