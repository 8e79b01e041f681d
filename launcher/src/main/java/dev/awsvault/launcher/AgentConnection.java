package dev.awsvault.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * One client's conversation with the agent: the invocation it relayed, its output sent back as frames, prompts asked
 * on its terminal, and the end (an exit status, a program to exec, or "run it yourself"). A reader thread watches the
 * socket while the command runs: answers to prompts arrive there, and the end of the stream cancels the command.
 */
final class AgentConnection implements Invocation, Terminal {
    private static final char[] NO_ANSWER = new char[0];

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream wire;
    private final Object writeLock = new Object();
    private final BlockingQueue<char[]> answers = new ArrayBlockingQueue<>(1);
    private volatile boolean cancelled;

    private List<String> arguments;
    private Map<String, String> environment;
    private Path workingDirectory;
    private int flags;
    private PrintStream out;
    private PrintStream err;
    private volatile ChildProgram child;

    AgentConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = ChannelStreams.in(channel);
        this.wire = ChannelStreams.out(channel);
    }

    /** Reads the hello; null when it is acceptable, else the reason to give with a fallback frame. */
    String readHello(String distributionId) throws IOException {
        AgentFrames.Frame hello = expect(AgentFrames.HELLO);
        int protocol = hello.u32();
        String clientId = hello.str();
        if (protocol != AgentFrames.PROTOCOL_VERSION || !clientId.equals(distributionId)) {
            return "aws-vault: the running agent is another version of aws-vault (" + distributionId + ", protocol "
                + AgentFrames.PROTOCOL_VERSION + ") than this one (" + clientId + ", protocol " + protocol
                + "); running without it. Restart it: aws-vault agent stop; aws-vault agent start";
        }
        return null;
    }

    void readRequest() throws IOException {
        AgentFrames.Frame request = expect(AgentFrames.REQUEST);
        arguments = List.copyOf(request.strs());
        Map<String, String> env = AgentFrames.environment(request.strs());
        env.remove(AgentSettings.SKIP_VARIABLE);
        environment = Map.copyOf(env);
        String cwd = request.str();
        workingDirectory = Paths.get(cwd.isEmpty() ? "/" : cwd);
        if (!workingDirectory.isAbsolute()) {
            throw new AgentFrames.MalformedFrameException("a relative working directory");
        }
        flags = request.u8();
        out = new PrintStream(new BufferedOutputStream(new FrameOutputStream(AgentFrames.OUT), 8192), true, StandardCharsets.UTF_8);
        err = new PrintStream(new BufferedOutputStream(new FrameOutputStream(AgentFrames.ERR), 8192), true, StandardCharsets.UTF_8);
    }

    private AgentFrames.Frame expect(byte type) throws IOException {
        AgentFrames.Frame frame = AgentFrames.read(in);
        if (frame == null) {
            throw new java.io.EOFException("the client went away");
        }
        if (frame.type != type) {
            throw new AgentFrames.MalformedFrameException("a frame of type " + (frame.type & 0xff) + " where " + (char) type + " belongs");
        }
        return frame;
    }

    /** Watches the socket while the command runs: answers go to the asking prompt, anything else ends the command. */
    void watch() {
        try {
            while (true) {
                AgentFrames.Frame frame = AgentFrames.read(in);
                if (frame == null || frame.type != AgentFrames.ANSWER) {
                    break;
                }
                int status = frame.u8();
                char[] text = frame.secret();
                if (status != 1) {
                    Arrays.fill(text, '\0');
                    text = NO_ANSWER;
                }
                if (!answers.offer(text)) {
                    Arrays.fill(text, '\0');
                    break; // an answer nobody asked for
                }
            }
        } catch (IOException e) {
            // a broken or malformed stream ends the conversation like a closed one
        }
        cancelled = true;
        answers.offer(NO_ANSWER);
    }

    void sendFallback(String reason) throws IOException {
        send(AgentFrames.frame(AgentFrames.FALLBACK).str(reason == null ? "" : reason));
    }

    /** Sends the end of a command run: the program to exec, or the exit status. */
    void finish(int status) throws IOException {
        out.flush();
        err.flush();
        ChildProgram c = child;
        if (c != null) {
            send(AgentFrames.frame(AgentFrames.CHILD).str(c.executable().toString()).strs(c.argv())
                .strs(ProcessReplacer.environmentList(c.environment())).str(c.workingDirectory().toString()));
        } else {
            send(AgentFrames.frame(AgentFrames.EXIT).u32(status == HANDED_OVER ? 1 : status & 0xff));
        }
    }

    private void send(AgentFrames.Builder frame) throws IOException {
        synchronized (writeLock) {
            frame.writeTo(wire);
        }
    }

    // Invocation

    @Override
    public List<String> arguments() {
        return arguments;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public InputStream in() {
        return InputStream.nullInputStream();
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Terminal terminal() {
        return this;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int handOver(ChildProgram program) {
        if (child != null) {
            throw new IllegalStateException("the invocation was already handed over");
        }
        child = program;
        return HANDED_OVER;
    }

    // Terminal: prompts are shown and answered by the client

    @Override
    public boolean isPresent() {
        return (flags & AgentFrames.FLAG_CONTROLLING_TTY) != 0 && !cancelled;
    }

    @Override
    public boolean isOutputTerminal() {
        return (flags & AgentFrames.FLAG_STDOUT_TTY) != 0;
    }

    @Override
    public boolean isInputTerminal() {
        return (flags & AgentFrames.FLAG_STDIN_TTY) != 0;
    }

    @Override
    public String readLine(String prompt) {
        char[] answer = ask(prompt, true);
        String s = new String(answer);
        Arrays.fill(answer, '\0');
        return s;
    }

    @Override
    public char[] readSecret(String prompt) {
        return ask(prompt, false);
    }

    private char[] ask(String prompt, boolean echo) {
        if (!isPresent()) {
            throw new TerminalUnavailableException("no terminal to ask on");
        }
        out.flush();
        err.flush();
        try {
            send(AgentFrames.frame(AgentFrames.PROMPT).u8(echo ? 1 : 0).str(prompt));
            char[] answer = answers.take();
            if (answer == NO_ANSWER) {
                throw new TerminalUnavailableException(cancelled ? "the client went away" : "no terminal to ask on");
            }
            return answer;
        } catch (IOException e) {
            cancelled = true;
            throw new TerminalUnavailableException("the client went away");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerminalUnavailableException("interrupted");
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Output written by the command, sent as frames of one type. A vanished client cancels the command. */
    private final class FrameOutputStream extends OutputStream {
        private final byte type;

        FrameOutputStream(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0 || cancelled) {
                return; // nobody reads it any more
            }
            try {
                send(AgentFrames.frame(type).raw(b, off, len));
            } catch (IOException e) {
                cancelled = true;
            }
        }
    }

    /** Plain streams over a blocking channel: one reader thread and one writer may use them at once. */
    static final class ChannelStreams {
        private ChannelStreams() {
        }

        static InputStream in(SocketChannel channel) {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    return channel.read(ByteBuffer.wrap(b, off, len));
                }
            };
        }

        static OutputStream out(SocketChannel channel) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };
        }
    }
}
