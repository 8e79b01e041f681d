package dev.awsvault.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native thin client (native/aws-vault-client.c), compiled here with the warnings the build must not have, against
 * a fake agent on a Unix domain socket that checks the request and scripts the replies (docs/design/agent.md). The
 * fake distribution's bin/aws-vault prints "COLD $AWS_VAULT_AGENT_SKIP $*", so the cold path shows in the output.
 */
class NativeClientTest {
    static final Path CC = Path.of("/usr/bin/cc");
    static final Path SETSID = Path.of("/usr/bin/setsid");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String DIST_ID = "1.1.0-test-20250101";
    static final String CLOSED =
        "aws-vault: error: the aws-vault agent closed the connection before the command ended\n";
    static final String MALFORMED = "aws-vault: error: the aws-vault agent sent a malformed reply\n";
    static final int MAX_FRAME = 4 * 1024 * 1024;

    @TempDir
    static Path build;
    static Path client;

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Path socket;
    FakeAgent agent;

    @BeforeAll
    static void compile() throws Exception {
        if (!Files.isExecutable(CC)) {
            String why = "no C compiler at " + CC + ": the distribution has no native client here";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + "; CI must test it");
            }
            Assumptions.abort(why);
        }
        client = build.resolve("aws-vault-client");
        Run cc = run(List.of(CC.toString(), "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-o", client.toString(),
            Path.of("native", "aws-vault-client.c").toAbsolutePath().toString()), Map.of("PATH", "/usr/bin:/bin"), null);
        assertEquals("", cc.stderr(), "the client compiles without warnings");
        assertEquals(0, cc.status());
    }

    @BeforeEach
    void distribution() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/dist.id"), DIST_ID + "\n");
        Path cold = Files.createDirectories(home.resolve("bin")).resolve("aws-vault");
        Files.writeString(cold, "#!/bin/sh\necho \"COLD $AWS_VAULT_AGENT_SKIP $*\"\n");
        Files.setPosixFilePermissions(cold, PosixFilePermissions.fromString("rwxr-xr-x"));
        work = Files.createDirectories(tmp.resolve("work dir")).toRealPath();
        // A short path: sun_path holds about 100 bytes.
        socket = Files.createTempDirectory(Path.of("/tmp"), "avc").resolve("agent.sock");
    }

    @AfterEach
    void stop() throws IOException {
        if (agent != null) {
            agent.close();
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    // ---- the request and the output ------------------------------------------------------------------------------

    @Test
    void sendsTheInvocationAndRelaysOutputByteForByte() throws Exception {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[200 * 1024];
        new Random(8).nextBytes(large);
        byte[] largest = new byte[MAX_FRAME];
        new Random(9).nextBytes(largest);
        byte[] errors = "a warning\n\u00e9\0".getBytes(UTF_8);
        agent = FakeAgent.start(socket, conversation -> {
            conversation.send('O', everyByte);
            conversation.send('E', errors);
            conversation.send('O', large);
            conversation.send('O', new byte[0]);
            conversation.send('O', largest);
            conversation.send('X', u32(0));
        });

        Run run = client(List.of("exec", "my profile", "", "--", "caf\u00e9"));

        Request request = agent.request();
        assertEquals(1, request.protocol());
        assertEquals(DIST_ID, request.distributionId(), "dist.id without its newline");
        assertEquals(List.of("exec", "my profile", "", "--", "caf\u00e9"), request.argv());
        assertTrue(request.environment().contains("NATIVE_CLIENT_MARKER=marker value"), request.environment()::toString);
        assertTrue(request.environment().contains("AWS_VAULT_AGENT_SOCKET=" + socket));
        assertEquals(work.toString(), request.workingDirectory());
        assertEquals(0, request.flags(), "no tty on stdin or stdout, no controlling terminal (setsid)");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(everyByte);
        expected.writeBytes(large);
        expected.writeBytes(largest);
        assertArrayEquals(expected.toByteArray(), run.stdoutBytes());
        assertArrayEquals(errors, run.stderrBytes());
        assertEquals(0, run.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 255})
    void exitsWithTheStatusOfX(int status) throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('X', u32(status)));
        Run run = client(List.of("list"));
        assertEquals(status, run.status());
        assertEquals("", run.stdout() + run.stderr());
    }

    // ---- C: the command hands over to a program --------------------------------------------------------------------

    @Test
    void execsTheProgramOfCWithItsOwnEnvironmentAndDirectory() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("child dir")).toRealPath();
        agent = FakeAgent.start(socket, conversation -> {
            conversation.send('O', "before\n".getBytes(UTF_8));
            conversation.send('C', payload(out -> {
                str(out, "/bin/sh");
                strs(out, List.of("sh", "-c", "echo $FOO; echo ${NATIVE_CLIENT_MARKER-unset}; pwd; exit 7"));
                strs(out, List.of("FOO=from the agent", "PATH=/usr/bin:/bin"));
                str(out, directory.toString());
            }));
        });
        Run run = client(List.of("exec", "p", "--", "sh"));
        assertEquals("before\nfrom the agent\nunset\n" + directory + "\n", run.stdout(),
            "the client's own environment is not passed on");
        assertEquals("", run.stderr());
        assertEquals(7, run.status());
    }

    @Test
    void aProgramThatCannotBeExecutedIsOneErrorLineAnd127() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('C', payload(out -> {
            str(out, "/nonexistent/program");
            strs(out, List.of("program"));
            strs(out, List.of());
            str(out, work.toString());
        })));
        Run run = client(List.of("exec", "p", "--", "program"));
        assertEquals("aws-vault: error: exec /nonexistent/program: No such file or directory\n", run.stderr());
        assertEquals(127, run.status());
    }

    // ---- the cold path -----------------------------------------------------------------------------------------

    @Test
    void fRunsTheColdLauncherWithTheSameArgumentsAfterItsReason() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('F',
            payload(out -> str(out, "aws-vault: the agent runs 1.0.0, this is " + DIST_ID))));
        Run run = client(List.of("shell", "my profile"));
        assertEquals("aws-vault: the agent runs 1.0.0, this is " + DIST_ID + "\n", run.stderr());
        assertEquals("COLD 1 shell my profile\n", run.stdout());
        assertEquals(0, run.status());
    }

    @Test
    void fWithoutAReasonPrintsNothing() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('F', payload(out -> str(out, ""))));
        Run run = client(List.of("proxy"));
        assertEquals("", run.stderr());
        assertEquals("COLD 1 proxy\n", run.stdout());
    }

    @Test
    void withoutASocketTheColdLauncherRuns() throws Exception {
        Run run = client(List.of("list", "--profiles"));
        assertEquals("COLD no-agent list --profiles\n", run.stdout());
        assertEquals("", run.stderr());
        assertEquals(0, run.status());
    }

    @Test
    void aSocketNobodyListensOnMeansTheColdLauncher() throws Exception {
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
        assertTrue(Files.exists(socket), "a stale socket file, as a crashed agent leaves it");
        Run run = client(List.of("list"));
        assertEquals("COLD no-agent list\n", run.stdout());
        assertEquals(0, run.status());
    }

    // ---- a broken conversation ---------------------------------------------------------------------------------

    @Test
    void anAgentThatClosesBeforeTheEndIsAnErrorNotAColdRun() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('O', "partial\n".getBytes(UTF_8)));
        Run run = client(List.of("login", "p"));
        assertEquals("partial\n", run.stdout());
        assertEquals(CLOSED, run.stderr());
        assertEquals(1, run.status());
    }

    @Test
    void anAgentThatClosesInsideAFrameIsTheSameError() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.raw(new byte[] {'O', 0, 0, 0, 100, 'a', 'b'}));
        Run run = client(List.of("list"));
        assertEquals("", run.stdout(), "nothing of an incomplete frame is written");
        assertEquals(CLOSED, run.stderr());
        assertEquals(1, run.status());
    }

    @Test
    void anUnknownFrameTypeIsMalformed() throws Exception {
        // One write, so that the X is there to be taken (it would make the status 0) when the client stops.
        agent = FakeAgent.start(socket,
            conversation -> conversation.raw(new byte[] {'Z', 0, 0, 0, 3, 1, 2, 3, 'X', 0, 0, 0, 4, 0, 0, 0, 0}));
        Run run = client(List.of("list"));
        assertEquals(MALFORMED, run.stderr());
        assertEquals(1, run.status());
    }

    @Test
    void aFrameOverFourMebibytesIsMalformed() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.raw(new byte[] {'O', 0, 0x40, 0, 1}));
        Run run = client(List.of("list"));
        assertEquals("", run.stdout());
        assertEquals(MALFORMED, run.stderr());
        assertEquals(1, run.status());
    }

    @Test
    void aFieldPastTheEndOfItsFrameIsMalformed() throws Exception {
        agent = FakeAgent.start(socket, conversation -> conversation.send('F', u32(10)));
        Run run = client(List.of("list"));
        assertEquals(MALFORMED, run.stderr());
        assertEquals("", run.stdout(), "no cold run");
        assertEquals(1, run.status());
    }

    // ---- prompts -----------------------------------------------------------------------------------------------

    @Test
    void withoutATerminalAPromptIsAnsweredNoTerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SETSID), "needs setsid (util-linux) to leave the terminal");
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        agent = FakeAgent.start(socket, conversation -> {
            conversation.send('P', payload(out -> {
                out.writeByte(0);
                str(out, "Enter passphrase to unlock \"/x\": ");
            }));
            answer.complete(conversation.readAnswer());
            conversation.send('X', u32(0));
        });
        Run run = client(List.of("list"));
        assertEquals(new Answer(0, ""), answer.get(30, TimeUnit.SECONDS));
        assertEquals("", run.stdout() + run.stderr(), "the prompt goes to the terminal only");
        assertEquals(0, run.status());
    }

    @Test
    void aSecretIsReadOnTheTerminalWithoutEchoThenEchoComesBack() throws Exception {
        Path ptydrive = ptydrive();
        List<Answer> answers = new ArrayList<>();
        agent = FakeAgent.start(socket, conversation -> {
            conversation.send('P', payload(out -> {
                out.writeByte(0);
                str(out, "Passphrase: ");
            }));
            answers.add(conversation.readAnswer());
            conversation.send('P', payload(out -> {
                out.writeByte(1);
                str(out, "MFA code: ");
            }));
            answers.add(conversation.readAnswer());
            conversation.send('X', u32(4));
        });
        Path steps = tmp.resolve("steps.json");
        Files.writeString(steps, "[{\"expect\": \"Passphrase: \", \"send\": \"hunter2 secret\\n\", \"noecho\": true},"
            + " {\"expect\": \"MFA code: \", \"send\": \"123456\\n\"}]");
        Run run = run(List.of(PYTHON.toString(), ptydrive.toString(), steps.toString(), "--", client.toString(),
            home.toString(), "login"), environment(), work);

        assertEquals(4, run.status(), run::stderr);
        agent.finished();
        assertEquals(List.of(new Answer(1, "hunter2 secret"), new Answer(1, "123456")), answers);
        String transcript = run.stdout();
        assertFalse(transcript.contains("hunter2"), "the secret is not echoed: " + transcript);
        assertTrue(transcript.contains("123456"), "echo is back for the next prompt: " + transcript);
        assertEquals(7, agent.request().flags(), "stdin, stdout and /dev/tty are the terminal");
    }

    @Test
    void anInterruptDuringASecretPromptGivesTheEchoBack() throws Exception {
        Path ptydrive = ptydrive();
        agent = FakeAgent.start(socket, conversation -> {
            conversation.send('P', payload(out -> {
                out.writeByte(0);
                str(out, "Passphrase: ");
            }));
            assertThrows(EOFException.class, conversation::readAnswer, "the client died before it answered");
        });
        // Ctrl-C on the terminal: SIGINT to its foreground process group, the client and the shell around it, which
        // catches it (so the client gets the default action), then reports the terminal's echo flag.
        Path steps = tmp.resolve("steps.json");
        Files.writeString(steps, "[{\"expect\": \"Passphrase: \", \"send\": \"\\u0003\", \"noecho\": true}]");
        String script = "trap : INT; \"$0\" \"$1\" login; status=$?;"
            + " if stty -a | tr ' ;' '\\n\\n' | grep -qx -- -echo; then echo ECHO-OFF; else echo ECHO-ON; fi; exit $status";
        Run run = run(List.of(PYTHON.toString(), ptydrive.toString(), steps.toString(), "--", "/bin/sh", "-c", script,
            client.toString(), home.toString()), environment(), work);
        agent.finished();
        assertEquals(130, run.status(), "the shell saw the client die of SIGINT: " + run.stdout());
        assertTrue(run.stdout().contains("ECHO-ON"), run.stdout());
    }

    // ---- support -----------------------------------------------------------------------------------------------

    /** The itests' pseudo-terminal driver (python3, standard library only). */
    static Path ptydrive() {
        if (!Files.isExecutable(PYTHON)) {
            String why = "no " + PYTHON + " to drive a pseudo-terminal";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + "; CI must test prompts");
            }
            Assumptions.abort(why);
        }
        Path script = Path.of("..", "itests", "src", "test", "python", "ptydrive.py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), script::toString);
        return script;
    }

    Map<String, String> environment() {
        return Map.of("AWS_VAULT_AGENT_SOCKET", socket.toString(), "NATIVE_CLIENT_MARKER", "marker value",
            "PATH", "/usr/bin:/bin", "LC_ALL", "C");
    }

    /** The client without a controlling terminal (setsid), stdin an empty pipe, stdout and stderr files. */
    Run client(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
            command.add("-w");
        }
        command.add(client.toString());
        command.add(home.toString());
        command.addAll(args);
        Run run = run(command, environment(), work);
        if (agent != null) {
            agent.finished();
        }
        return run;
    }

    record Run(int status, byte[] stdoutBytes, byte[] stderrBytes) {
        String stdout() {
            return new String(stdoutBytes, UTF_8);
        }

        String stderr() {
            return new String(stderrBytes, UTF_8);
        }
    }

    /** Runs a command with exactly the given environment; a hang fails the test instead of the build. */
    static Run run(List<String> command, Map<String, String> env, Path directory) throws Exception {
        Path out = Files.createTempFile("avc", ".out");
        Path err = Files.createTempFile("avc", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not end: " + command);
            }
            return new Run(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    // ---- the fake agent ----------------------------------------------------------------------------------------

    record Request(int protocol, String distributionId, List<String> argv, List<String> environment,
        String workingDirectory, int flags) {
    }

    record Answer(int status, String text) {
    }

    interface Script {
        void play(Conversation conversation) throws IOException;
    }

    /** One accepted connection: reads H and R, then plays the script and closes. */
    static final class FakeAgent implements AutoCloseable {
        final ServerSocketChannel server;
        final CompletableFuture<Request> request = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        private FakeAgent(ServerSocketChannel server) {
            this.server = server;
        }

        static FakeAgent start(Path socket, Script script) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            FakeAgent agent = new FakeAgent(server);
            Thread thread = new Thread(() -> agent.serve(script), "fake-agent");
            thread.setDaemon(true);
            thread.start();
            return agent;
        }

        private void serve(Script script) {
            try (SocketChannel channel = server.accept()) {
                Conversation conversation = new Conversation(
                    new DataInputStream(Channels.newInputStream(channel)), Channels.newOutputStream(channel));
                request.complete(conversation.readRequest());
                script.play(conversation);
                done.complete(null);
            } catch (Throwable e) {
                request.completeExceptionally(e);
                done.completeExceptionally(e);
            }
        }

        Request request() throws Exception {
            return request.get(30, TimeUnit.SECONDS);
        }

        /** Fails the test when the agent's side of the conversation did not go as scripted. */
        void finished() throws Exception {
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the fake agent: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static final class Conversation {
        final DataInputStream in;
        final OutputStream out;

        Conversation(DataInputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        Request readRequest() throws IOException {
            DataInputStream hello = frame('H');
            int protocol = hello.readInt();
            String distributionId = str(hello);
            assertEquals(-1, hello.read(), "H ends there");
            DataInputStream r = frame('R');
            Request request = new Request(protocol, distributionId, strs(r), strs(r), str(r), r.readUnsignedByte());
            assertEquals(-1, r.read(), "R ends there");
            return request;
        }

        Answer readAnswer() throws IOException {
            DataInputStream a = frame('A');
            Answer answer = new Answer(a.readUnsignedByte(), str(a));
            assertEquals(-1, a.read(), "A ends there");
            return answer;
        }

        private DataInputStream frame(char type) throws IOException {
            int actual = in.readUnsignedByte();
            assertEquals(type, (char) actual, "frame type");
            int length = in.readInt();
            assertTrue(length >= 0 && length <= MAX_FRAME, "length " + length);
            byte[] payload = in.readNBytes(length);
            if (payload.length != length) {
                throw new EOFException();
            }
            return new DataInputStream(new java.io.ByteArrayInputStream(payload));
        }

        void send(char type, byte[] payload) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            data.writeByte(type);
            data.writeInt(payload.length);
            data.write(payload);
            data.flush();
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        private static String str(DataInputStream in) throws IOException {
            int length = in.readInt();
            byte[] bytes = in.readNBytes(length);
            assertEquals(length, bytes.length);
            return new String(bytes, UTF_8);
        }

        private static List<String> strs(DataInputStream in) throws IOException {
            int count = in.readInt();
            List<String> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(str(in));
            }
            return list;
        }
    }

    interface Fields {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] payload(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            fields.write(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] u32(int value) {
        return payload(out -> out.writeInt(value));
    }

    static void str(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static void strs(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            str(out, value);
        }
    }

}
