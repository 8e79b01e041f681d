package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static dev.awsvault.itests.Fixture.HOME_ACCESS_KEY_ID;
import static dev.awsvault.itests.Fixture.HOME_SECRET_ACCESS_KEY;
import static dev.awsvault.itests.Fixture.REGION;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --no-session} in each format, byte for byte as the original v7.2.0 prints long-term keys
 * (reference §1.7; {@code cli/export.go}: env lines unquoted; json {@code MarshalIndent} with two spaces, Version 1,
 * no SessionToken or Expiration, a trailing newline; ini from go-ini with {@code PrettyFormat=false}: a
 * {@code [<profile>]} section, {@code key=value} lines, and the blank line go-ini writes after every section).
 */
class ExportIT {

    static final String ENV = "AWS_ACCESS_KEY_ID=" + HOME_ACCESS_KEY_ID + "\n"
            + "AWS_SECRET_ACCESS_KEY=" + HOME_SECRET_ACCESS_KEY + "\n"
            + "AWS_REGION=" + REGION + "\n"
            + "AWS_DEFAULT_REGION=" + REGION + "\n";

    @TempDir
    Path tmp;

    @Test
    void env() {
        assertOutput(ENV, Sandbox.withFixture(tmp).run("export", "--no-session", "--format", "env", "home"));
    }

    @Test
    void envIsTheDefaultFormat() {
        assertOutput(ENV, Sandbox.withFixture(tmp).run("export", "--no-session", "home"));
    }

    @Test
    void exportEnv() {
        assertOutput("export AWS_ACCESS_KEY_ID=" + HOME_ACCESS_KEY_ID + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + HOME_SECRET_ACCESS_KEY + "\n"
                + "export AWS_REGION=" + REGION + "\n"
                + "export AWS_DEFAULT_REGION=" + REGION + "\n",
                Sandbox.withFixture(tmp).run("export", "--no-session", "--format", "export-env", "home"));
    }

    @Test
    void json() {
        assertOutput("{\n"
                + "  \"Version\": 1,\n"
                + "  \"AccessKeyId\": \"" + HOME_ACCESS_KEY_ID + "\",\n"
                + "  \"SecretAccessKey\": \"" + HOME_SECRET_ACCESS_KEY + "\"\n"
                + "}\n",
                Sandbox.withFixture(tmp).run("export", "--no-session", "--format", "json", "home"));
    }

    @Test
    void ini() {
        assertOutput("[home]\n"
                + "aws_access_key_id=" + HOME_ACCESS_KEY_ID + "\n"
                + "aws_secret_access_key=" + HOME_SECRET_ACCESS_KEY + "\n"
                + "region=" + REGION + "\n"
                + "\n",
                Sandbox.withFixture(tmp).run("export", "--no-session", "--format", "ini", "home"));
    }

    @Test
    void refusesToRunInsideAnAwsVaultSubshell() {
        // export's errors carry the prefix "exec" in the original (cli/export.go: app.FatalIfError(err, "exec")).
        assertOneLineError("aws-vault: error: exec: in an existing aws-vault subshell; 'exit' from the subshell or"
                + " unset AWS_VAULT to force",
                Sandbox.withFixture(tmp).run(Map.of("AWS_VAULT", "x"), "export", "--no-session", "home"));
    }
}
