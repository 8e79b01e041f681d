package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import dev.awsvault.testing.keystore.Peers;
import dev.awsvault.testing.keystore.VirtualDisplay;

/**
 * Prompt drivers through the assembled launcher: the real zenity and kdialog on a private Xvfb display, answered with
 * xdotool as a user would, the typed code reaching the AWS emulator's STS call; the dialog appearing when the AWS CLI
 * runs aws-vault as its {@code credential_process} with no terminal at all (the original's best-known prompt failure);
 * the automatic choice; cancel; the file backend's passphrase asked in a dialog; a dialog never outliving aws-vault;
 * and ykman through a stand-in on PATH (its touch message passed through, "no YubiKey" a one-line error).
 *
 * <p>Every launcher run here has no terminal ({@link Sandbox} starts it with {@code setsid}, stdin from
 * {@code /dev/null}, stdout to a file), so stdout is never a TTY.
 */
class PromptsIT {
    /** With an underscore: zenity's label would swallow it unless it is doubled. */
    static final String MFA = "arn:aws:iam::111111111111:mfa/home_user";
    static final String CODE = "246810";
    static final Path AWS_CLI = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;
    AwsEmulator aws;
    Sandbox sandbox;
    VirtualDisplay display;

    @BeforeEach
    void start() throws IOException {
        aws = AwsEmulator.start()
                .seedUser("home-user", Fixture.HOME_ACCESS_KEY_ID, Fixture.HOME_SECRET_ACCESS_KEY)
                .expectMfa(MFA, CODE);
        sandbox = Sandbox.withFixture(tmp.resolve("sandbox"))
                .setenv("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no dialog may start or autolaunch a session bus
        // One [profile home] section: the AWS CLI (Python's configparser) refuses a config with a section twice.
        Sandbox.write(sandbox.config(), "[profile home]\nregion = " + Fixture.REGION + "\nmfa_serial = " + MFA + "\n");
    }

    @AfterEach
    void stop() {
        if (display != null) {
            display.close();
        }
        aws.close();
    }

    private void onDisplay() {
        display = VirtualDisplay.start(tmp);
        sandbox.setenv("DISPLAY", display.display());
    }

    /** Null while the launcher runs, then what it did. */
    private static Supplier<String> ended(Sandbox.Started run) {
        return () -> run.isAlive() ? null : "aws-vault ended: " + run.await().describe();
    }

    /** The one GetSessionToken call, with the MFA device and the typed code. */
    private Call mfaSessionCall() {
        List<Call> calls = aws.calls("GetSessionToken");
        assertEquals(1, calls.size(), calls::toString);
        Call call = calls.get(0);
        assertEquals(MFA, call.param("SerialNumber"));
        assertTrue(call.secretMatches("TokenCode", CODE), "the typed code reached STS: " + call);
        assertEquals(Fixture.HOME_ACCESS_KEY_ID, call.accessKeyId());
        return call;
    }

    // --- scenario 1: exec --prompt zenity ---------------------------------------------------------------------------

    @Test
    void execWithZenityTheTypedCodeReachesSts() {
        Peers.require("zenity");
        onDisplay();
        Sandbox.Started exec = sandbox.start("exec", "--prompt", "zenity", "home", "--", "env");
        Dialog dialog = awaitDialog("^aws-vault$", null, ended(exec));
        assertEquals(List.of("--entry", "--title", "aws-vault", "--text",
                "Enter MFA code for arn:aws:iam::111111111111:mfa/home__user: "), dialog.arguments("zenity"),
                "the original's command line, the underscore doubled for GTK's label");
        dialog.type(CODE);
        Result result = exec.await();
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("", result.errText(), "nothing of the dialog's own output reaches the user's stderr");
        assertTrue(Checks.parseEnv(result.outText()).get("AWS_SESSION_TOKEN") != null, result::describe);
        mfaSessionCall();
    }

    // --- scenario 2: the AWS CLI's credential_process, no terminal ---------------------------------------------------

    @Test
    void awsCliCredentialProcessWithNoTerminalShowsTheZenityDialog() throws IOException {
        Peers.require("zenity");
        Path cli = requireAwsCli();
        onDisplay();
        Files.writeString(sandbox.config(), "\n[profile via-vault]\nregion = eu-west-1\ncredential_process = "
                + Sandbox.LAUNCHER + " export --format json home\n", StandardOpenOption.APPEND);
        // The caller's PATH without kdialog, which the automatic choice would take before zenity (alphabetical).
        sandbox.setenv("PATH", pathWithout("kdialog"));

        Process awsCli = startAwsCli(cli, "sts", "get-caller-identity", "--profile", "via-vault");
        Dialog dialog = awaitDialog("^aws-vault$", null, () -> awsCli.isAlive() ? null
                : "the AWS CLI ended with " + awsCli.exitValue() + ": " + read(tmp.resolve("aws.err")));
        assertEquals("zenity", dialog.program(), "chosen automatically: stdout is a pipe to the AWS CLI");
        dialog.type(CODE);
        String[] outcome = finish(awsCli);
        assertEquals("0", outcome[0], () -> "aws CLI failed: " + outcome[2]);
        assertTrue(outcome[1].contains("\"Arn\": \"arn:aws:iam::" + AwsEmulator.ACCOUNT + ":user/home-user\""),
                outcome[1]);
        mfaSessionCall();
        List<Call> identity = aws.calls("GetCallerIdentity");
        assertEquals(1, identity.size(), identity::toString);
        assertTrue(identity.get(0).accessKeyId().startsWith("ASIA"), "the CLI signed with the MFA session: " + identity);
    }

    @Test
    void withBothDialogsOnPathTheAutomaticChoiceIsKdialogAsInTheOriginal() {
        Peers.require("zenity");
        Peers.require("kdialog");
        onDisplay();
        Sandbox.Started export = sandbox.start("export", "--format", "json", "home");
        Dialog dialog = awaitDialog("^aws-vault", null, ended(export));
        assertEquals("kdialog", dialog.program());
        assertEquals(List.of("--inputbox", "Enter MFA code for " + MFA + ": ", "--title", "aws-vault"),
                dialog.arguments("kdialog"));
        dialog.type(CODE);
        Result result = export.await();
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.outText().contains("\"SessionToken\""), result::describe);
        mfaSessionCall();
    }

    // --- scenario 3: cancel ------------------------------------------------------------------------------------------

    @Test
    void cancellingTheDialogIsAOneLineErrorAndNothingIsCached() {
        Peers.require("zenity");
        onDisplay();
        Sandbox.Started exec = sandbox.start("exec", "--prompt", "zenity", "home", "--", "true");
        awaitDialog("^aws-vault$", null, ended(exec)).press("Escape");
        assertOneLineError("aws-vault: error: exec: zenity: MFA code prompt cancelled", exec.await());
        assertEquals(0, aws.calls().size(), "no STS call without a code");
        assertEquals("", sandbox.run("list", "--sessions").outText());
    }

    // --- more: the passphrase, a dialog never outliving aws-vault, ykman ------------------------------------------------

    @Test
    void theFileBackendsPassphraseIsAskedInTheSameDriverWithoutEcho() {
        Peers.require("zenity");
        onDisplay();
        sandbox.setenv("AWS_VAULT_FILE_PASSPHRASE", null);
        Sandbox.Started export = sandbox.start("export", "--prompt", "zenity", "--format", "json", "home");
        // Two dialogs: the MFA code (asked first, as the original does: the keys are read when STS is called) and
        // the passphrase, which is recognised by its hidden entry.
        Dialog first = awaitDialog("^aws-vault$", null, ended(export));
        answer(first);
        answer(awaitDialog("^aws-vault$", first, ended(export)));
        Result result = export.await();
        assertEquals(0, result.exitCode(), result::describe);
        Checks.assertNoLeak(Fixture.PASSPHRASE, result);
        mfaSessionCall();
    }

    /** Types the passphrase into a passphrase dialog (hidden entry, the vault's folder shown), the code otherwise. */
    private void answer(Dialog dialog) {
        List<String> arguments = dialog.arguments("zenity");
        if (arguments.contains("--hide-text")) {
            assertEquals(List.of("--entry", "--hide-text", "--title", "aws-vault", "--text",
                    "Enter passphrase to unlock \"" + sandbox.keys() + "\": "), arguments);
            dialog.type(Fixture.PASSPHRASE);
        } else {
            assertEquals("Enter MFA code for arn:aws:iam::111111111111:mfa/home__user: ", arguments.get(4));
            dialog.type(CODE);
        }
    }

    @Test
    void terminatingAwsVaultClosesItsDialog() throws Exception {
        Peers.require("zenity");
        onDisplay();
        Sandbox.Started exec = sandbox.start("exec", "--prompt", "zenity", "home", "--", "true");
        Dialog dialog = awaitDialog("^aws-vault$", null, ended(exec));
        assertTrue(ProcessHandle.of(dialog.pid()).isPresent());
        exec.terminate(); // SIGTERM, as an IDE or the AWS CLI giving up would send
        Result result = exec.await();
        assertTrue(result.exitCode() != 0, result::describe);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(dialog.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(dialog.pid()).map(ProcessHandle::isAlive).orElse(false),
                "the dialog was closed with aws-vault");
    }

    @Test
    void ykmanGivesTheCodeAndItsTouchMessageReachesTheUser() throws IOException {
        Path argv = tmp.resolve("ykman.argv");
        standInYkman("printf '%s\\n' \"$@\" > " + argv + "\nprintf 'Touch your YubiKey...\\n' >&2\nprintf '" + CODE
                + "\\n'\n");
        sandbox.setenv("YKMAN_OATH_CREDENTIAL_NAME", "AWS:home");
        Result result = sandbox.run("exec", "--prompt", "ykman", "home", "--", "true");
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("Touch your YubiKey...\n", result.errText());
        assertEquals(List.of("oath", "accounts", "code", "--single", "AWS:home"), Files.readAllLines(argv));
        mfaSessionCall();
    }

    @Test
    void ykmanWithNoKeyIsOneErrorLineAfterYkmansOwnMessage() throws IOException {
        standInYkman("printf 'WARNING: PC/SC not available. Smart card protocols will not function.\\n"
                + "Error: No YubiKey detected!\\n' >&2\nexit 1\n");
        Result result = sandbox.run("exec", "--prompt", "ykman", "home", "--", "true");
        assertEquals(1, result.exitCode(), result::describe);
        assertEquals("WARNING: PC/SC not available. Smart card protocols will not function.\n"
                + "Error: No YubiKey detected!\n"
                + "aws-vault: error: exec: ykman oath accounts code --single " + MFA + " failed: exit status 1\n",
                result.errText());
        assertEquals("", result.outText());
        assertEquals(0, aws.calls().size());
    }

    @Test
    void aDriverThatCannotAskHereIsRejectedAsTheOriginalRejectsUnknownOnes() {
        sandbox.setenv("DISPLAY", null).setenv("WAYLAND_DISPLAY", null);
        Result result = sandbox.run("exec", "--prompt", "zenity", "home", "--", "true");
        assertOneLineError(result);
        assertTrue(result.errText().startsWith("aws-vault: error: enum value must be one of "), result::describe);
        assertTrue(result.errText().endsWith(", got 'zenity', try --help\n"), result::describe);
        assertFalse(result.errText().contains("zenity,") || result.errText().contains("kdialog"),
                "no dialog driver is offered without a display: " + result.errText());
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    /** A stand-in {@code ykman} script with {@code body}, first on the sandbox's PATH. */
    private void standInYkman(String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path ykman = Sandbox.write(bin.resolve("ykman"), "#!/bin/sh\n" + body);
        assertTrue(ykman.toFile().setExecutable(true));
        sandbox.setenv("PATH", bin + File.pathSeparator + sandbox.environment().get("PATH"));
    }

    /**
     * A folder of links to everything on the sandbox's PATH except {@code left}: the PATH of a machine without it.
     * Made once per suite run in the shared folder (the links point outside any test's temporary folder, which JUnit
     * would warn about for each link when cleaning up), built aside and moved into place so parallel tests agree.
     */
    private String pathWithout(String left) throws IOException {
        Path folder = Sandbox.shared().resolve("path-without-" + left);
        if (Files.isDirectory(folder)) {
            return folder.toString();
        }
        Path building = Files.createTempDirectory(Sandbox.shared(), "path-");
        for (String dir : sandbox.environment().get("PATH").split(File.pathSeparator)) {
            Path d = Path.of(dir.isEmpty() ? "." : dir);
            if (!d.isAbsolute() || !Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
                for (Path entry : entries) {
                    Path link = building.resolve(entry.getFileName().toString());
                    if (!entry.getFileName().toString().equals(left)
                            && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, entry);
                    }
                }
            }
        }
        try {
            Files.move(building, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherTestWasFirst) {
            if (!Files.isDirectory(folder)) {
                throw anotherTestWasFirst;
            }
        }
        return folder.toString();
    }

    /** {@code /usr/bin/aws} (AWS CLI v2): skipped off CI, failed on CI when missing (not a PATH lookup: see §4). */
    private static Path requireAwsCli() {
        if (!Files.isExecutable(AWS_CLI)) {
            if (Peers.onCi()) {
                fail("the AWS CLI v2 is not installed at " + AWS_CLI);
            }
            Assumptions.abort("the AWS CLI v2 is not installed at " + AWS_CLI);
        }
        return AWS_CLI;
    }

    /** Starts the AWS CLI as the user's tool would: the sandbox's environment, no terminal, stdin empty. */
    private Process startAwsCli(Path cli, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "-w", cli.toString()));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(tmp.resolve("aws.out").toFile()).redirectError(tmp.resolve("aws.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(sandbox.environment());
        builder.environment().putAll(Map.of("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString(),
                "AWS_PAGER", "", "AWS_EC2_METADATA_DISABLED", "true", "AWS_MAX_ATTEMPTS", "1",
                "AWS_DEFAULT_REGION", "eu-west-1"));
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the AWS CLI: {exit status, stdout, stderr}. */
    private String[] finish(Process process) throws IOException {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("the AWS CLI did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new String[] {String.valueOf(process.exitValue()),
                Files.readString(tmp.resolve("aws.out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("aws.err"), StandardCharsets.UTF_8)};
    }

    /**
     * Waits up to 60 s (the launcher starts first) for a window titled {@code titleRegex} other than {@code previous}
     * (the next dialog of the same run), failing at once with {@code ended}'s report when what should show it has
     * ended ({@code ended} gives null while it runs).
     */
    private Dialog awaitDialog(String titleRegex, Dialog previous, Supplier<String> ended) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            String gone = ended.get();
            if (gone != null) {
                throw new AssertionError("no window titled /" + titleRegex + "/ appeared: " + gone);
            }
            for (String window : display.windowsNamed(titleRegex)) { // the server may reuse a closed window's id
                OptionalLong pid = display.pid(window);
                if (pid.isPresent() && (previous == null || pid.getAsLong() != previous.pid())) {
                    return new Dialog(display, window, pid.getAsLong(), commandLine(pid.getAsLong()));
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no window titled /" + titleRegex + "/ appeared on " + display.display());
    }

    private static List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
            return List.of(raw.substring(0, raw.length() - 1).split("\0", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dialog window on the display, with the process that shows it. */
    record Dialog(VirtualDisplay display, String window, long pid, List<String> commandLine) {

        /** The program's file name: {@code zenity}, {@code kdialog}. */
        String program() {
            return Path.of(commandLine.get(0)).getFileName().toString();
        }

        /** The arguments after the program, after checking the program is {@code expected}. */
        List<String> arguments(String expected) {
            assertEquals(expected, program(), commandLine::toString);
            return commandLine.subList(1, commandLine.size());
        }

        /** Types {@code text} and presses Return, as a user answering the dialog. */
        void type(String text) {
            display.answer(window, text);
        }

        void press(String key) {
            display.press(window, key);
        }
    }
}
