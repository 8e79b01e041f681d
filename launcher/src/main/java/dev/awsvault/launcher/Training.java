package dev.awsvault.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.CommandRunner;

/**
 * The training run behind the class-data archive ({@code -Daws-vault.train=1}, started by {@code bin/aws-vault} with
 * {@code -XX:ArchiveClassesAtExit} or {@code -XX:AOTCacheOutput}). It boots the framework exactly as a normal run does
 * (same storage, same class path) and runs the commands whose start-up matters against a throw-away vault, with
 * {@code exec} stopping short of {@code execve}, then exits normally so that the JVM writes the archive.
 */
final class Training {
    static final String PROFILE = "aws-vault-training";
    /** The archive this training run writes (set by bin/aws-vault). */
    static final String ARCHIVE_PROPERTY = "aws-vault.train.archive";
    /** Fake keys, in the documented example format; they never leave the temporary vault. */
    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private Training() {
    }

    /** The command lines of a training run, in order. */
    static List<List<String>> commandLines() {
        return List.of(
            List.of("--version"),
            List.of("add", "--env", PROFILE),
            List.of("list"),
            List.of("exec", "--no-session", PROFILE, "--", "true"),
            List.of("export", "--no-session", PROFILE),
            List.of("export", PROFILE), // a session from the stand-in STS: the on-demand sources and the SDK
            List.of("exec", "--help"));
    }

    static int run() {
        Map<String, String> env = System.getenv();
        // The training log says what happens; the framework runs configured as in a normal run.
        Debug debug = new Debug(true, false, System.err);
        Distribution distribution = Distribution.current();
        Path work = null;
        try (TrainingSts sts = TrainingSts.start()) {
            ProcessReplacer.configureJna(distribution);
            work = Files.createTempDirectory("aws-vault-training-");
            Path config = work.resolve("config");
            Files.writeString(config, "[profile " + PROFILE + "]\nregion = us-east-1\n", StandardCharsets.UTF_8);
            Map<String, String> base = new HashMap<>();
            base.put("HOME", work.toString());
            base.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin"));
            base.put("AWS_CONFIG_FILE", config.toString());
            base.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("credentials").toString());
            base.put("AWS_VAULT_BACKEND", "file");
            base.put("AWS_VAULT_FILE_DIR", work.resolve("keys").toString());
            base.put("AWS_VAULT_FILE_PASSPHRASE", "training-passphrase");
            base.put("SHELL", "/bin/sh");
            base.put("AWS_ENDPOINT_URL", sts.endpoint());
            Path cwd = work;
            int status = new Launcher(distribution, env, UserIdentity.current(), debug).withRunner(runner -> {
                for (List<String> line : commandLines()) {
                    Map<String, String> commandEnv = new HashMap<>(base);
                    if (line.contains("add")) {
                        commandEnv.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
                        commandEnv.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
                    }
                    runOne(runner, line, commandEnv, cwd, debug);
                }
                return 0;
            });
            // The exec path itself (JNA, libc, the descriptor scan), whether or not a command handed over.
            ProcessReplacer.replace(new ChildProgram(Paths.get("/bin/true"), List.of("true"), Map.of(), cwd), true);
            removeOlderArchives(debug);
            debug.log("training done");
            return status;
        } catch (Throwable e) {
            System.err.println("aws-vault: training failed: " + EmbeddedFramework.describe(e));
            e.printStackTrace();
            return 1;
        } finally {
            if (work != null) {
                FrameworkCache.deleteQuietly(work);
            }
        }
    }

    /**
     * The archive being written is {@code cds/<installation>/<build>/<jdk>.*} ({@code -Daws-vault.train.archive}): the
     * directories of the installation's other builds are stale, since their archives no longer match its jars.
     */
    static void removeOlderArchives(Debug debug) {
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (archive == null || archive.isEmpty()) {
            return;
        }
        Path build = Paths.get(archive).toAbsolutePath().getParent();
        Path installation = build == null ? null : build.getParent();
        if (installation == null) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(installation)) {
            for (Path entry : entries) {
                if (!entry.equals(build) && Files.isDirectory(entry)) {
                    debug.log("removing the archives of an older build: " + entry.getFileName());
                    FrameworkCache.deleteQuietly(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static void runOne(CommandRunner runner, List<String> line, Map<String, String> env, Path cwd, Debug debug) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        LauncherInvocation invocation = new LauncherInvocation(line, env, cwd, new ByteArrayInputStream(new byte[0]),
            discard, discard, TtyTerminal.none());
        try {
            int status = runner.run(invocation);
            ChildProgram child = invocation.child();
            if (child != null) {
                ProcessReplacer.replace(child, true);
            }
            debug.log(line.get(0) + ": status " + status + (child == null ? "" : ", handed over"));
        } catch (RuntimeException | LinkageError e) {
            debug.log(line.get(0) + ": " + EmbeddedFramework.describe(e));
        }
    }
}
