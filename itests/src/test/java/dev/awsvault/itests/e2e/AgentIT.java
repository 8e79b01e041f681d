package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertNoLeak;
import static dev.awsvault.itests.e2e.TerminalStep.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;
import dev.awsvault.testing.aws.AwsEmulator;

/**
 * The resident agent, end to end through the real launcher: its life cycle, every foundation command compared byte for
 * byte with the cold path, the unlock cache (prompt on the client's terminal, TTL, lock, a wrong passphrase), parallel
 * clients, and the failure cases (agent killed mid-request, stale socket, garbage, another version, another user).
 */
class AgentIT {
    private static final Pattern PID = Pattern.compile("pid: (\\d+)");

    @TempDir
    Path tmp;
    Sandbox sandbox;
    final List<Long> agents = new ArrayList<>();

    @BeforeEach
    void sandbox() {
        sandbox = Sandbox.withFixture(tmp);
    }

    @AfterEach
    void stopAgents() {
        sandbox.run("agent", "stop");
        for (long pid : agents) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path socket() {
        return tmp.resolve("run").resolve("aws-vault").resolve("agent.sock");
    }

    private long startAgent(String... extra) {
        List<String> args = new ArrayList<>(List.of("agent", "start"));
        args.addAll(List.of(extra));
        Result start = sandbox.run(args.toArray(new String[0]));
        assertEquals(0, start.exitCode(), start::describe);
        long pid = pid();
        agents.add(pid);
        return pid;
    }

    private long pid() {
        Result status = sandbox.run("agent", "status");
        assertEquals(0, status.exitCode(), status::describe);
        Matcher m = PID.matcher(status.outText());
        assertTrue(m.find(), status::describe);
        return Long.parseLong(m.group(1));
    }

    private static Map<String, String> cold() {
        return Map.of("AWS_VAULT_AGENT_SKIP", "1");
    }

    @Test
    void startStatusStopAndTheSocketsModes() throws IOException {
        Result none = sandbox.run("agent", "status");
        assertEquals(1, none.exitCode(), none::describe);
        assertEquals("No aws-vault agent is running\n", none.errText());

        long pid = startAgent();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())));
        Result status = sandbox.run("agent", "status");
        assertTrue(status.outText().contains("socket: " + socket()), status::describe);
        assertTrue(status.outText().contains("unlocked until: locked"), status::describe);

        Result again = sandbox.run("agent", "start");
        assertEquals(0, again.exitCode(), again::describe);
        assertTrue(again.errText().contains("already running (pid " + pid + ")"), again::describe);

        Result stop = sandbox.run("agent", "stop");
        assertEquals(0, stop.exitCode(), stop::describe);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        assertFalse(Files.exists(socket()), "stop removes the socket");
        assertEquals(1, sandbox.run("agent", "status").exitCode());
    }

    @Test
    void autoStartServesTheFirstCallAndKeepsNoSecretOfTheStarter() throws IOException {
        Result bad = sandbox.run(Map.of("AWS_VAULT_AGENT_AUTOSTART", "maybe"), "list");
        Checks.assertOneLineError("aws-vault: error: invalid AWS_VAULT_AGENT_AUTOSTART / agent_autostart value \"maybe\": "
                + "use true or false", bad);
        Result first = sandbox.run(Map.of("AWS_VAULT_AGENT_AUTOSTART", "true"), "list", "--profiles");
        assertEquals("home\nwork/admin\n", first.outText(), first::describe);
        assertEquals("", first.errText());
        long pid = pid();
        agents.add(pid);
        String environ = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);
        assertFalse(environ.contains(Fixture.PASSPHRASE), "the agent's own environment holds no passphrase");
    }

    @Test
    void everyFoundationCommandGivesTheColdPathsBytes() {
        startAgent();
        List<String[]> lines = List.of(
                new String[] {"list"},
                new String[] {"list", "--profiles"},
                new String[] {"list", "--credentials"},
                new String[] {"export", "--no-session", "home"},
                new String[] {"export", "--no-session", "--format=json", "work/admin"},
                new String[] {"export", "--no-session", "--format=ini", "home"},
                new String[] {"exec", "--no-session", "home", "--", "sh", "-c", "env | sort"},
                new String[] {"exec", "--no-session", "home", "--", "sh", "-c", "exit 7"},
                new String[] {"exec", "--no-session", "--json", "home"},
                new String[] {"--help"},
                new String[] {"exec", "--help"},
                new String[] {"--version"},
                new String[] {"list", "--no-such-flag"},
                new String[] {"exec", "nosuchprofile", "--", "true"},
                new String[] {"exec", "--duration=banana", "home", "--", "true"},
                new String[] {"--backend", "nosuch", "list"},
                new String[] {"clear", "home"},
                new String[] {"remove", "-f", "nosuchprofile"});
        for (String[] line : lines) {
            Result cold = sandbox.run(cold(), line);
            Result agent = sandbox.run(line);
            String what = String.join(" ", line);
            assertEquals(cold.exitCode(), agent.exitCode(), () -> what + "\ncold: " + cold.describe() + "\nagent: " + agent.describe());
            assertEquals(cold.outText(), agent.outText(), what);
            assertEquals(cold.errText(), agent.errText(), what);
        }
        // Relative paths in the caller's environment are the caller's (the agent itself runs in /).
        Map<String, String> relative = Map.of("AWS_CONFIG_FILE", "home/.aws/config", "AWS_VAULT_FILE_DIR", "home/.awsvault/keys");
        Map<String, String> relativeCold = new HashMap<>(relative);
        relativeCold.putAll(cold());
        Result relCold = sandbox.run(relativeCold, "export", "--no-session", "home");
        Result relAgent = sandbox.run(relative, "export", "--no-session", "home");
        assertEquals(0, relAgent.exitCode(), relAgent::describe);
        assertEquals(relCold.outText(), relAgent.outText());
        assertEquals(relCold.errText(), relAgent.errText());

        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIAAGENTADDEXAMPLE1",
                "AWS_SECRET_ACCESS_KEY", "agentAddSecret/EXAMPLEKEYEXAMPLEKEYEXAM");
        Map<String, String> coldKeys = new HashMap<>(keys);
        coldKeys.putAll(cold());
        for (String profile : List.of("viacold", "viaagent")) {
            Map<String, String> env = profile.equals("viacold") ? coldKeys : keys;
            Result add = sandbox.run(env, "add", "--env", profile);
            assertEquals("Added credentials to profile \"" + profile + "\" in vault\n", add.outText(), add::describe);
            assertNoLeak(keys.get("AWS_SECRET_ACCESS_KEY"), add);
            Result export = sandbox.run(env, "export", "--no-session", profile);
            assertTrue(export.outText().contains("AWS_ACCESS_KEY_ID=AKIAAGENTADDEXAMPLE1"), export::describe);
            Result remove = sandbox.run(env, "remove", "-f", profile);
            assertEquals("Deleted credentials.\n", remove.outText(), remove::describe);
        }
    }

    @Test
    void thePassphraseIsAskedOnTheClientsTerminalOnceUntilLockOrTtl() throws IOException {
        sandbox.setenv("AWS_VAULT_FILE_PASSPHRASE", null);
        startAgent("--ttl", "6s");
        String[] exec = {"exec", "--no-session", "home", "--", "sh", "-c", "echo key=$AWS_ACCESS_KEY_ID"};
        Result first = sandbox.runOnTerminal(List.of(secret("passphrase", Fixture.PASSPHRASE + "\n")), null, exec);
        assertEquals(0, first.exitCode(), first::describe);
        assertTrue(first.outText().contains("Enter passphrase to unlock"), first::describe);
        assertTrue(first.outText().contains("key=" + Fixture.HOME_ACCESS_KEY_ID), first::describe);
        assertNoLeak(Fixture.PASSPHRASE, first);

        // No terminal at all now (setsid): served from the agent's memory.
        Result second = sandbox.start(exec).await();
        assertEquals("key=" + Fixture.HOME_ACCESS_KEY_ID + "\n", second.outText(), second::describe);
        assertTrue(sandbox.run("agent", "status").outText().contains("left)"));

        Result lock = sandbox.run("agent", "lock");
        assertEquals(0, lock.exitCode(), lock::describe);
        Result locked = sandbox.start(exec).await();
        assertEquals(1, locked.exitCode(), locked::describe);
        assertTrue(locked.errText().contains("Enter passphrase to unlock") || locked.errText().contains("terminal"),
                locked::describe);

        Result unlock = sandbox.runOnTerminal(List.of(secret("passphrase", Fixture.PASSPHRASE + "\n")), null, exec);
        assertEquals(0, unlock.exitCode(), unlock::describe);
        assertEquals(0, sandbox.start(exec).await().exitCode());
        sleep(7_000); // the TTL of 6 s has passed
        Result expired = sandbox.start(exec).await();
        assertEquals(1, expired.exitCode(), "after the TTL the passphrase is asked again: " + expired.describe());

        Result wrong = sandbox.runOnTerminal(List.of(secret("passphrase", "not-the-passphrase\n")), null, exec);
        assertEquals(1, wrong.exitCode(), wrong::describe);
        Result afterWrong = sandbox.start(exec).await();
        assertEquals(1, afterWrong.exitCode(), "a wrong passphrase is not kept: " + afterWrong.describe());
        assertFalse(afterWrong.errText().contains("unable to decrypt"), afterWrong::describe);
    }

    @Test
    void tenClientsAtOnceAndOneStsCallForTheirSession() {
        try (AwsEmulator aws = AwsEmulator.start().seedUser("home-user", Fixture.HOME_ACCESS_KEY_ID, Fixture.HOME_SECRET_ACCESS_KEY)) {
            sandbox.setenv("AWS_ENDPOINT_URL", aws.endpoint().toString());
            startAgent();
            List<Sandbox.Started> running = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                running.add(sandbox.start("exec", "home", "--", "sh", "-c", "echo $AWS_SESSION_TOKEN | wc -c"));
            }
            for (Sandbox.Started started : running) {
                Result r = started.await();
                assertEquals(0, r.exitCode(), r::describe);
                assertTrue(Integer.parseInt(r.outText().strip()) > 20, r::describe);
            }
            assertEquals(1, aws.callCount("GetSessionToken"), () -> aws.calls().toString());
        }
    }

    @Test
    void anAgentKilledMidRequestGivesTheClientAClearError() throws Exception {
        Files.writeString(sandbox.config(), "\n[profile slow]\nregion = eu-west-1\ncredential_process = sleep 60\n",
                StandardOpenOption.APPEND);
        long pid = startAgent();
        Sandbox.Started waiting = sandbox.start("export", "slow");
        sleep(2_000);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Result r = waiting.await();
        assertEquals(1, r.exitCode(), r::describe);
        assertEquals("aws-vault: error: the aws-vault agent closed the connection before the command ended\n", r.errText());
        assertTrue(r.millis() < 30_000, r::describe);

        // Its socket file stays behind: clients run cold, and start cleans it up.
        assertTrue(Files.exists(socket()));
        Result cold = sandbox.run("list", "--profiles");
        assertEquals(0, cold.exitCode(), cold::describe);
        assertEquals(1, sandbox.run("agent", "status").exitCode());
        startAgent();
        assertEquals(0, sandbox.run("list").exitCode());
    }

    @Test
    void garbageAndSilentClientsAreDroppedWhileOthersAreServed() throws Exception {
        startAgent();
        try (SocketChannel silent = connect(); SocketChannel garbage = connect()) {
            garbage.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertDropped(garbage);
            Result list = sandbox.run("list", "--profiles");
            assertEquals("home\nwork/admin\n", list.outText(), list::describe);
            assertTrue(silent.isOpen());
        }
        try (SocketChannel huge = connect()) {
            huge.write(ByteBuffer.wrap(new byte[] {'H', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
            assertDropped(huge);
        }
        assertEquals(0, sandbox.run("agent", "status").exitCode());
    }

    @Test
    void aClientOfAnotherVersionIsToldAndRunsCold() throws Exception {
        startAgent();
        try (SocketChannel channel = connect()) {
            byte[] id = "0.0.1-other".getBytes(StandardCharsets.UTF_8);
            ByteBuffer hello = ByteBuffer.allocate(5 + 4 + 4 + id.length);
            hello.put((byte) 'H').putInt(8 + id.length).putInt(1).putInt(id.length).put(id).flip();
            channel.write(hello);
            ByteBuffer reply = ByteBuffer.allocate(4096);
            while (channel.read(reply) >= 0) {
                // until the agent closes
            }
            reply.flip();
            assertEquals('F', reply.get());
            int length = reply.getInt();
            byte[] payload = new byte[length];
            reply.get(payload);
            String reason = new String(payload, 4, length - 4, StandardCharsets.UTF_8);
            assertTrue(reason.contains("another version") && reason.contains("0.0.1-other"), reason);
        }
    }

    @Test
    void anotherUsersClientIsRefused() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        org.junit.jupiter.api.Assumptions.assumeTrue(root || System.getenv("CI") != null, "needs root to create a second user");
        Path runuser = dev.awsvault.testing.keystore.Peers.require("runuser");
        Path useradd = Files.isExecutable(Path.of("/usr/sbin/useradd")) ? Path.of("/usr/sbin/useradd")
                : dev.awsvault.testing.keystore.Peers.require("useradd");
        String user = "awsvaultagentit";
        run(useradd.toString(), "--system", "--no-create-home", user); // fails harmlessly when it exists
        Path theirs = Files.createTempDirectory("aws-vault-other-user");
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A copy of the distribution they can read (the build tree may sit in root's home).
        Path dist = theirs.resolve("dist");
        run("cp", "-a", Sandbox.LAUNCHER.getParent().getParent().toString(), dist.toString());
        run("chown", "-R", user, theirs.toString());
        Map<String, String> env = new HashMap<>();
        env.put("PATH", sandbox.environment().get("PATH"));
        for (String name : List.of("HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")) {
            env.put(name, theirs.toString());
        }
        List<String> command = new ArrayList<>(List.of(runuser.toString(), "-u", user, "--", "env", "-i"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of(dist.resolve("bin").resolve("aws-vault").toString(), "agent", "start"));
        Process start = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, start.waitFor(), output);
        Path theirSocket = theirs.resolve("aws-vault").resolve("agent.sock");
        try {
            // root may open any file, so only the agent's own peer check stands between it and this client
            Result r = sandbox.run(Map.of("XDG_RUNTIME_DIR", theirs.toString()), "list", "--profiles");
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals("home\nwork/admin\n", r.outText(), "the command ran cold: " + r.describe());
            assertTrue(r.errText().contains("belongs to another user"), r::describe);
        } finally {
            List<String> stop = new ArrayList<>(command.subList(0, command.size() - 2));
            stop.addAll(List.of("agent", "stop"));
            new ProcessBuilder(stop).redirectErrorStream(true).start().waitFor();
            assertFalse(Files.exists(theirSocket), "their agent stopped");
            run("rm", "-rf", theirs.toString());
        }
    }

    /** The agent closed the connection without a word (a reset when it left our bytes unread). */
    private static void assertDropped(SocketChannel channel) {
        try {
            assertEquals(-1, channel.read(ByteBuffer.allocate(64)), "the agent drops the connection");
        } catch (IOException reset) {
            assertTrue(reset.getMessage() != null && reset.getMessage().contains("reset"), reset::toString);
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket()));
        return channel;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
