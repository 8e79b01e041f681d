package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static dev.awsvault.itests.e2e.Checks.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent form of plugins, through the real launcher: {@code plugins install} copies the sample plugin into
 * the plugins directory, a new process then has its {@code directory} backend, and after {@code plugins remove} a new
 * process gives the original's enum error for {@code --backend directory} again.
 */
class PluginsE2EIT {
    @TempDir
    Path tmp;

    @Test
    void anInstalledPluginServesLaterProcessesUntilRemoved() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectory(plugins, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Sandbox sandbox = Sandbox.empty(tmp.resolve("sandbox"))
                .setenv("AWS_VAULT_PLUGINS_DIR", plugins.toString())
                .setenv("AWS_VAULT_DIRECTORY_DIR", tmp.resolve("items").toString());
        Files.writeString(sandbox.config(), "[profile p]\nregion=eu-west-1\n");
        Path sample = Path.of(System.getProperty("awsvault.sample.jar"));

        Result before = sandbox.run("--backend", "directory", "list");
        assertOneLineError(before);
        String enumError = before.errText();
        assertTrue(enumError.startsWith("aws-vault: error: enum value must be one of "), before.describe());

        Path notAJar = Files.writeString(tmp.resolve("notes.jar"), "not a zip");
        assertOneLineError("aws-vault: error: plugins: " + notAJar + " is not a jar file",
                sandbox.run("plugins", "install", notAJar.toString()));

        Result installed = sandbox.run("plugins", "install", sample.toString());
        assertSuccess(installed);
        assertTrue(installed.outText().contains("backend directory"), installed.describe());
        Path copy = plugins.resolve(sample.getFileName());
        assertTrue(Files.isRegularFile(copy), "the jar is in the plugins directory");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));

        // New processes: the launcher installs the jar from the plugins directory (in a new framework storage).
        Result added = sandbox.run(Map.of("AWS_ACCESS_KEY_ID", "AKIAPLUGINSE2E000001",
                "AWS_SECRET_ACCESS_KEY", "plugins/E2E+secret"), "--backend", "directory", "add", "--env", "p");
        assertSuccess(added);
        Result listed = sandbox.run("--backend", "directory", "list", "--credentials");
        assertSuccess(listed);
        assertEquals("p\n", listed.outText());
        Result pluginList = sandbox.run("plugins", "list");
        assertSuccess(pluginList);
        assertTrue(pluginList.outText().lines().anyMatch(l -> l.matches(
                "com\\.example\\.awsvault\\.directory-backend\\s+1\\.0\\.0\\s+active\\s+" + sample.getFileName()
                        + "\\s+backend directory")), pluginList.describe());

        Result removed = sandbox.run("plugins", "remove", "com.example.awsvault.directory-backend");
        assertSuccess(removed);
        assertFalse(Files.exists(copy), "the jar is deleted");
        Result after = sandbox.run("--backend", "directory", "list");
        assertOneLineError(after);
        assertEquals(enumError, after.errText(), "the original's enum error, as before the install");
        // The built-in backend was never disturbed.
        assertSuccess(sandbox.run("--backend", "file", "list"));
    }
}
