package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell completion through the real launcher: {@code --completion-bash}, and kingpin's bash script sourced into a
 * real bash whose completion function is called as bash's programmable completion calls it. Also the aliases of
 * the zsh-aws-vault plugin, defined as bash aliases.
 */
class CompletionIT {

    @TempDir
    Path tmp;

    Sandbox sandbox;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Sandbox.empty(tmp);
        Sandbox.write(sandbox.config(), "[default]\nregion = eu-west-1\n[profile work]\nregion = eu-west-1\n"
                + "[profile work-admin]\nsource_profile = work\n[profile home]\n");
        bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("aws-vault"), Sandbox.LAUNCHER);
    }

    @Test
    void completionBashListsTheProfilesOfTheConfig() {
        Result r = sandbox.run("--completion-bash", "exec", "");
        assertSuccess(r);
        assertEquals("default\nwork\nwork-admin\nhome", r.outText(), r::describe);
        Result partial = sandbox.run("--completion-bash", "--debug", "exec", "wo");
        assertEquals("work\nwork-admin", partial.outText(), partial::describe);
        Result afterDashDash = sandbox.run("--completion-bash", "exec", "work", "--", "");
        assertSuccess(afterDashDash);
        assertEquals("", afterDashDash.outText());
    }

    @Test
    void kingpinsBashScriptCompletesInARealBash() throws Exception {
        Result script = sandbox.run("--completion-script-bash");
        assertSuccess(script);
        Path file = Sandbox.write(tmp.resolve("aws-vault.bash"), script.outText());
        assertEquals("work work-admin", complete(file, "aws-vault", "exec", "wo"));
        assertEquals("home", complete(file, "aws-vault", "login", "-s", "h"));
        assertEquals("exec export", complete(file, "aws-vault", "ex"));
        assertEquals("--backend", complete(file, "aws-vault", "list", "--ba"));
        assertEquals("file", complete(file, "aws-vault", "exec", "--backend", "fi"));
    }

    @Test
    void theZshAwsVaultAliasesKeepWorking() throws Exception {
        String aliases = "shopt -s expand_aliases\n"
                + "alias av='aws-vault'\nalias ave='aws-vault exec'\nalias avl='aws-vault login'\n"
                + "alias avll='aws-vault login -s'\nalias avs='aws-vault server'\n";
        Result help = bash(aliases + "av --help\n");
        assertEquals(0, help.exitCode(), help::describe);
        assertTrue(help.outText().startsWith("usage: aws-vault [<flags>] <command> [<args> ...]"), help::describe);
        Result login = bash(aliases + "avll nosuch\n");
        assertEquals(1, login.exitCode(), login::describe);
        String err = login.errText();
        assertEquals(1, err.lines().count(), login::describe);
        assertTrue(err.startsWith("aws-vault: error: login: "), "parsed as login with -s: " + err);
        Result exec = bash(aliases + "ave work -- true\n");
        assertEquals(1, exec.exitCode(), exec::describe);
        assertTrue(exec.errText().startsWith("aws-vault: error: exec: "), exec::describe);
        Result server = bash(aliases + "avs --help\n");
        assertEquals(0, server.exitCode(), server::describe);
        assertTrue(server.outText().startsWith("usage: aws-vault proxy"), server::describe);
    }

    /** What the sourced script puts in COMPREPLY for a line whose last word is being completed. */
    private String complete(Path script, String... words) throws Exception {
        StringBuilder line = new StringBuilder("source ").append(quote(script.toString())).append('\n');
        line.append("COMP_WORDS=(");
        for (String w : words) {
            line.append(quote(w)).append(' ');
        }
        line.append(")\nCOMP_CWORD=").append(words.length - 1).append('\n');
        line.append("_aws-vault_bash_autocomplete\necho \"${COMPREPLY[*]}\"\n");
        Result r = bash(line.toString());
        assertEquals(0, r.exitCode(), r::describe);
        return r.outText().strip();
    }

    /** Runs a bash script (no -i, no rc files) with the sandbox's environment and aws-vault on PATH. */
    private Result bash(String text) throws Exception {
        Path script = Sandbox.write(tmp.resolve("run.bash"), text);
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", script.toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(sandbox.environment());
        env.put("PATH", bin + ":" + env.get("PATH"));
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bash did not finish: " + text);
        }
        return new Result(List.of("bash", text), p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err),
                (System.nanoTime() - start) / 1_000_000, p.pid());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
