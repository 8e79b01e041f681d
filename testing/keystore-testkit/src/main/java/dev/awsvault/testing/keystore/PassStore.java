package dev.awsvault.testing.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@code pass} store in a throwaway folder, initialised for a fresh passphrase-less gpg key in a private
 * {@code GNUPGHOME}. {@link #close()} stops that home's gpg-agent.
 */
public final class PassStore implements AutoCloseable {
    private final Path dir;
    private final Path gnupgHome;
    private final Path store;
    private final String fingerprint;

    private PassStore(Path dir, Path gnupgHome, Path store, String fingerprint) {
        this.dir = dir;
        this.gnupgHome = gnupgHome;
        this.store = store;
        this.fingerprint = fingerprint;
    }

    public static PassStore create() {
        Peers.require("pass");
        Peers.require("gpg");
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "ps");
            Path gnupg = Files.createDirectories(dir.resolve("g"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path store = dir.resolve("store");
            Files.createDirectories(dir.resolve("home"));
            Map<String, String> env = baseEnv(dir, gnupg);
            Run.run(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                    "aws-vault test <t@example.invalid>", "default", "default", "never"), env, null).ok();
            String fpr = null;
            for (String line : Run.run(List.of("gpg", "--list-secret-keys", "--with-colons"), env, null).ok()
                    .stdout().split("\n")) {
                if (line.startsWith("fpr:")) {
                    fpr = line.split(":")[9];
                    break;
                }
            }
            if (fpr == null) {
                throw new AssertionError("gpg made no key");
            }
            env.put("PASSWORD_STORE_DIR", store.toString());
            Run.run(List.of("pass", "init", fpr), env, null).ok();
            return new PassStore(dir, gnupg, store, fpr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> baseEnv(Path dir, Path gnupg) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("GNUPGHOME", gnupg.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** The caller's environment for aws-vault: PATH, HOME, GNUPGHOME (not PASSWORD_STORE_DIR: pass it as a setting). */
    public Map<String, String> env() {
        return baseEnv(dir, gnupgHome);
    }

    /** The password store folder ({@code --pass-dir}). */
    public Path storeDir() {
        return store;
    }

    public Path home() {
        return dir.resolve("home");
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** {@code pass <args>} against this store, as a user would run it. */
    public Run.Result pass(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("pass");
        cmd.addAll(List.of(args));
        Map<String, String> env = env();
        env.put("PASSWORD_STORE_DIR", store.toString());
        return Run.run(cmd, env, stdin);
    }

    @Override
    public void close() {
        Run.run(List.of("gpgconf", "--kill", "gpg-agent"), env(), null);
        Folders.delete(dir);
    }
}
