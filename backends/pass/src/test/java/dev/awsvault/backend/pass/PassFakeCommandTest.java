package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.keystore.json.ItemJson;
import dev.awsvault.testing.keystore.TestKeystoreContext;

/**
 * A stand-in pass program that records its argv, stdin and environment and keeps entries as plain files: proves
 * what we hand to pass (secrets on stdin only, the caller's environment, the right verbs) and what we do when it
 * fails half-way.
 */
class PassFakeCommandTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    private static final String FAKE_PASS = """
            #!/bin/bash
            log="$FAKE_PASS_LOG"
            { printf '%s\\0' "$@"; printf '\\n'; } >> "$log/argv"
            env > "$log/env"
            [ -n "$FAKE_PASS_BROKEN" ] && { echo "Error: this pass is broken" >&2; exit 1; }
            verb="$1"; shift
            case "$verb" in
              insert)
                name="${@: -1}"; file="$PASSWORD_STORE_DIR/$name.gpg"; mkdir -p "$(dirname "$file")"
                case "$FAKE_PASS_FAIL_INSERT" in
                  truncate) cat > /dev/null; : > "$file"; echo "gpg: simulated write error" >&2; exit 2 ;;
                  delete) cat > /dev/null; rm -f "$file"; echo "gpg: simulated write error" >&2; exit 2 ;;
                esac
                cat > "$file"; cat "$file" >> "$log/stdin" ;;
              show) cat "$PASSWORD_STORE_DIR/$1.gpg" ;;
              rm) rm "$PASSWORD_STORE_DIR/$2.gpg" ;;
              *) exit 99 ;;
            esac
            """;

    @TempDir
    Path tmp;
    private Path log;
    private Path storeDir;
    private TestKeystoreContext context;

    @BeforeEach
    void installFakePass() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("fake-pass");
        Files.writeString(fake, FAKE_PASS);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        log = Files.createDirectories(tmp.resolve("log"));
        storeDir = tmp.resolve("store");
        Path home = Files.createDirectories(tmp.resolve("home"));
        // found on the caller's PATH, which the test JVM's own PATH does not include
        context = new TestKeystoreContext(home)
                .env("PATH", bin + ":/usr/bin:/bin")
                .env("FAKE_PASS_LOG", log.toString())
                .env("CALLER_ONLY", "from-the-caller")
                .setting(KeystoreContext.PASS_CMD, "fake-pass")
                .setting(KeystoreContext.PASS_DIR, storeDir.toString())
                .setting(KeystoreContext.PASS_PREFIX, "aws-vault");
    }

    private Keystore open() throws KeystoreException {
        return new PassKeystoreBackend().open(context);
    }

    private List<List<String>> calls() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        Path argv = log.resolve("argv");
        if (!Files.exists(argv)) {
            return calls;
        }
        for (String line : Files.readString(argv, StandardCharsets.UTF_8).split("\n")) {
            List<String> args = new ArrayList<>(List.of(line.split("\0")));
            calls.add(args);
        }
        return calls;
    }

    private static KeystoreItem credentials(String key, String secret) {
        String json = "{\"AccessKeyID\":\"AKIAFAKE0000000001\",\"SecretAccessKey\":\"" + secret + "\"}";
        return new KeystoreItem(key, json.getBytes(StandardCharsets.UTF_8), "aws-vault (" + key + ")", "", true, false);
    }

    @Test
    void secretsGoThroughStdinOnlyAndTheVerbsAreTheOriginals() throws Exception {
        KeystoreItem item = credentials("default", SECRET);
        try (Keystore ks = open()) {
            ks.set(item);
            assertArrayEquals(item.data(), ks.get("default").orElseThrow().data());
            assertTrue(ks.remove("default"));
        }
        assertEquals(List.of(List.of("insert", "-m", "-f", "aws-vault/default"), List.of("show", "aws-vault/default"),
                List.of("rm", "-f", "aws-vault/default")), calls());
        String dataBase64 = Base64.getEncoder().encodeToString(item.data());
        for (List<String> call : calls()) {
            for (String arg : call) {
                assertFalse(arg.contains(SECRET) || arg.contains(dataBase64) || arg.contains("AKIAFAKE"), arg);
            }
        }
        assertEquals(new String(ItemJson.encode(item), StandardCharsets.UTF_8),
                Files.readString(log.resolve("stdin"), StandardCharsets.UTF_8), "stdin is the Item-JSON, nothing else");
    }

    @Test
    void theChildGetsTheCallersEnvironmentPlusTheStoreDir() throws Exception {
        try (Keystore ks = open()) {
            ks.set(credentials("default", SECRET));
        }
        Map<String, String> expected = new HashMap<>(context.environment());
        expected.put("PASSWORD_STORE_DIR", storeDir.toString());
        Map<String, String> seen = new HashMap<>();
        for (String line : Files.readAllLines(log.resolve("env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        seen.keySet().removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD")); // bash's own
        assertEquals(expected, seen);
    }

    @Test
    void listingAndMissingKeysStartNoProcess() throws Exception {
        Files.createDirectories(storeDir.resolve("aws-vault/work"));
        Files.writeString(storeDir.resolve("aws-vault/default.gpg"), "x");
        Files.writeString(storeDir.resolve("aws-vault/work/admin.gpg"), "x");
        Files.writeString(storeDir.resolve("aws-vault/notes.txt"), "x");
        Files.writeString(storeDir.resolve("outside.gpg"), "x");
        context.env("FAKE_PASS_BROKEN", "1");
        try (Keystore ks = open()) {
            assertEquals(List.of("default", "work/admin"), ks.keys());
            assertEquals(Optional.empty(), ks.get("missing"));
            assertFalse(ks.remove("missing"));
        }
        assertEquals(List.of(), calls());
    }

    @Test
    void aFailedInsertThatTruncatedTheEntryPutsTheOldOneBack() throws Exception {
        try (Keystore ks = open()) {
            ks.set(credentials("default", "old-secret"));
        }
        byte[] before = Files.readAllBytes(storeDir.resolve("aws-vault/default.gpg"));
        for (String failure : List.of("truncate", "delete")) {
            context.env("FAKE_PASS_FAIL_INSERT", failure);
            try (Keystore ks = open()) {
                KeystoreException e = assertThrows(KeystoreException.class, () -> ks.set(credentials("default", SECRET)));
                assertEquals("cannot store \"default\" in pass (exit 2): gpg: simulated write error; "
                        + "the previous item was restored", e.getMessage());
            }
            assertEquals(new String(before, StandardCharsets.UTF_8),
                    Files.readString(storeDir.resolve("aws-vault/default.gpg")), failure);
        }
        Set<String> files = new HashSet<>();
        try (var list = Files.list(storeDir.resolve("aws-vault"))) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertEquals(Set.of("default.gpg"), files, "no restore leftovers");
    }

    @Test
    void aFailingPassIsReportedOnOneLine() throws Exception {
        Files.createDirectories(storeDir.resolve("aws-vault"));
        Files.writeString(storeDir.resolve("aws-vault/default.gpg"), "x");
        context.env("FAKE_PASS_BROKEN", "1");
        try (Keystore ks = open()) {
            assertEquals("cannot read \"default\" from pass (exit 1): Error: this pass is broken",
                    assertThrows(KeystoreException.class, () -> ks.get("default")).getMessage());
            assertEquals("cannot remove \"default\" from pass (exit 1): Error: this pass is broken",
                    assertThrows(KeystoreException.class, () -> ks.remove("default")).getMessage());
            assertEquals("cannot store \"new\" in pass (exit 1): Error: this pass is broken",
                    assertThrows(KeystoreException.class, () -> ks.set(credentials("new", SECRET))).getMessage());
        }
    }

    @Test
    void keysThatWouldLeaveThePrefixAreRefused() throws Exception {
        try (Keystore ks = open()) {
            KeystoreException e = assertThrows(KeystoreException.class, () -> ks.set(credentials("../escape", SECRET)));
            assertEquals("cannot use \"../escape\" as a pass entry name: it leaves the prefix folder \"aws-vault\"",
                    e.getMessage());
            assertThrows(KeystoreException.class, () -> ks.get("a/../../x"));
        }
        context.setting(KeystoreContext.PASS_PREFIX, "");
        try (Keystore ks = open()) {
            for (String key : List.of("", ".", "..", "../x", "a/../..")) {
                assertThrows(KeystoreException.class, () -> ks.set(credentials(key, SECRET)), key);
            }
            ks.set(credentials("a/../b", SECRET)); // stays inside: cleaned to "b", as the original does
            assertEquals(List.of("b"), ks.keys());
        }
        assertEquals(List.of(List.of("insert", "-m", "-f", "b")), calls());
    }
}
