package dev.awsvault.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * The Java thin client: relays one invocation to a running agent and plays its replies (the portable counterpart of
 * lib/native/aws-vault-client; both speak docs/design/agent.md). Loads no framework.
 */
final class AgentClient {

    /** How a relayed command ended. */
    static final class Outcome {
        final int status;
        final ChildProgram child;
        final String fallback;

        private Outcome(int status, ChildProgram child, String fallback) {
            this.status = status;
            this.child = child;
            this.fallback = fallback;
        }

        /** The agent asked the client to run the command itself; {@link #fallback} is the reason (maybe empty). */
        boolean runCold() {
            return fallback != null;
        }
    }

    private AgentClient() {
    }

    /** Whether an agent accepts connections on {@code socket}. */
    static boolean isListening(Path socket) {
        try (SocketChannel ignored = connect(socket)) {
            return ignored != null;
        }  catch (IOException e) {
            return false;
        }
    }

    /** A connection to the agent, or null when none listens there. */
    static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Relays the invocation over {@code channel} and returns how it ended. Output goes to {@code out}/{@code err};
     * prompts to {@code terminal}.
     *
     * @throws LauncherException when the agent goes away before the command ended or answers with garbage
     */
    static Outcome relay(SocketChannel channel, String distributionId, List<String> args, Map<String, String> env,
                         Path cwd, PrintStream out, PrintStream err, Terminal terminal) {
        try (channel) {
            InputStream in = AgentConnection.ChannelStreams.in(channel);
            OutputStream wire = AgentConnection.ChannelStreams.out(channel);
            AgentFrames.frame(AgentFrames.HELLO).u32(AgentFrames.PROTOCOL_VERSION).str(distributionId).writeTo(wire);
            int flags = (terminal.isInputTerminal() ? AgentFrames.FLAG_STDIN_TTY : 0)
                | (terminal.isOutputTerminal() ? AgentFrames.FLAG_STDOUT_TTY : 0)
                | (terminal.isPresent() ? AgentFrames.FLAG_CONTROLLING_TTY : 0);
            AgentFrames.frame(AgentFrames.REQUEST).strs(args).strs(ProcessReplacer.environmentList(env))
                .str(cwd.toString()).u8(flags).writeTo(wire);
            while (true) {
                AgentFrames.Frame frame;
                try {
                    frame = AgentFrames.read(in);
                } catch (AgentFrames.MalformedFrameException e) {
                    throw new LauncherException("the aws-vault agent sent a malformed reply");
                }
                if (frame == null) {
                    throw new LauncherException("the aws-vault agent closed the connection before the command ended");
                }
                switch (frame.type) {
                    case AgentFrames.OUT:
                        out.write(frame.rest());
                        out.flush();
                        break;
                    case AgentFrames.ERR:
                        err.write(frame.rest());
                        err.flush();
                        break;
                    case AgentFrames.PROMPT:
                        answer(frame, terminal, wire);
                        break;
                    case AgentFrames.EXIT:
                        return new Outcome(frame.u32(), null, null);
                    case AgentFrames.CHILD:
                        String executable = frame.str();
                        List<String> argv = frame.strs();
                        Map<String, String> childEnv = AgentFrames.environment(frame.strs());
                        Path dir = Paths.get(frame.str());
                        return new Outcome(0, new ChildProgram(Paths.get(executable), argv, childEnv, dir), null);
                    case AgentFrames.FALLBACK:
                        return new Outcome(0, null, frame.str());
                    default:
                        throw new LauncherException("the aws-vault agent sent a malformed reply");
                }
            }
        } catch (IOException e) {
            throw new LauncherException("the aws-vault agent closed the connection before the command ended", e);
        }
    }

    private static void answer(AgentFrames.Frame frame, Terminal terminal, OutputStream wire) throws IOException {
        boolean echo = frame.u8() == 1;
        String prompt = frame.str();
        char[] text = null;
        try {
            text = echo ? terminal.readLine(prompt).toCharArray() : terminal.readSecret(prompt);
        } catch (TerminalUnavailableException e) {
            text = null;
        }
        if (text == null) {
            AgentFrames.frame(AgentFrames.ANSWER).u8(0).str("").writeTo(wire);
            return;
        }
        java.nio.ByteBuffer encoded = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text));
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        Arrays.fill(encoded.array(), (byte) 0);
        Arrays.fill(text, '\0');
        try {
            AgentFrames.Builder reply = AgentFrames.frame(AgentFrames.ANSWER).u8(1).u32(utf8.length).raw(utf8, 0, utf8.length);
            reply.writeTo(wire);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }
}
