package dev.awsvault.launcher;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's wire format (docs/design/agent.md): a type byte, a 4-byte big-endian length, the payload. Payload fields
 * are u8, u32, str (u32 length + UTF-8) and strs (u32 count + str…). Shared by the agent and the Java client; the C
 * client implements the same format.
 */
final class AgentFrames {
    static final int PROTOCOL_VERSION = 1;
    /** The largest frame either side accepts. */
    static final int MAX_FRAME = 4 << 20;

    static final byte HELLO = 'H';
    static final byte REQUEST = 'R';
    static final byte ANSWER = 'A';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte PROMPT = 'P';
    static final byte EXIT = 'X';
    static final byte CHILD = 'C';
    static final byte FALLBACK = 'F';

    static final int FLAG_STDIN_TTY = 1;
    static final int FLAG_STDOUT_TTY = 2;
    static final int FLAG_CONTROLLING_TTY = 4;

    private AgentFrames() {
    }

    /** Thrown for anything that is not a well-formed frame: the connection is dropped. */
    static final class MalformedFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }

    /** One frame read off the wire, with a cursor over its payload. */
    static final class Frame {
        final byte type;
        private final ByteBuffer payload;

        Frame(byte type, byte[] payload) {
            this.type = type;
            this.payload = ByteBuffer.wrap(payload);
        }

        int u8() throws MalformedFrameException {
            need(1);
            return payload.get() & 0xff;
        }

        int u32() throws MalformedFrameException {
            need(4);
            int value = payload.getInt();
            if (value < 0) {
                throw new MalformedFrameException("a length or number out of range");
            }
            return value;
        }

        String str() throws MalformedFrameException {
            int length = u32();
            need(length);
            String s = new String(payload.array(), payload.position(), length, StandardCharsets.UTF_8);
            payload.position(payload.position() + length);
            return s;
        }

        /** A str as chars, for secrets: no String is made, and the payload bytes are cleared. */
        char[] secret() throws MalformedFrameException {
            int length = u32();
            need(length);
            java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(payload.array(), payload.position(), length));
            java.util.Arrays.fill(payload.array(), payload.position(), payload.position() + length, (byte) 0);
            payload.position(payload.position() + length);
            char[] result = new char[chars.remaining()];
            chars.get(result);
            java.util.Arrays.fill(chars.array(), '\0');
            return result;
        }

        List<String> strs() throws MalformedFrameException {
            int count = u32();
            if (count > payload.remaining() / 4) {
                throw new MalformedFrameException("a list longer than its frame");
            }
            List<String> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(str());
            }
            return list;
        }

        byte[] rest() {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            return bytes;
        }

        private void need(int n) throws MalformedFrameException {
            if (payload.remaining() < n) {
                throw new MalformedFrameException("a field runs past the end of its frame");
            }
        }
    }

    /** Reads one frame; null at a clean end of stream before its first byte. */
    static Frame read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        DataInputStream data = new DataInputStream(in);
        int length;
        try {
            length = data.readInt();
        } catch (EOFException e) {
            throw new MalformedFrameException("a frame cut short");
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new MalformedFrameException("a frame of " + Integer.toUnsignedString(length) + " bytes");
        }
        byte[] payload = new byte[length];
        try {
            data.readFully(payload);
        } catch (EOFException e) {
            throw new MalformedFrameException("a frame cut short");
        }
        return new Frame((byte) type, payload);
    }

    /** Builds one frame's payload. */
    static final class Builder {
        private final byte type;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Builder(byte type) {
            this.type = type;
        }

        Builder u8(int value) {
            bytes.write(value);
            return this;
        }

        Builder u32(int value) {
            try {
                data.writeInt(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        Builder str(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            bytes.write(utf8, 0, utf8.length);
            return this;
        }

        Builder strs(List<String> list) {
            u32(list.size());
            for (String s : list) {
                str(s);
            }
            return this;
        }

        Builder raw(byte[] b, int offset, int length) {
            bytes.write(b, offset, length);
            return this;
        }

        /** Writes the frame in one call and flushes. */
        void writeTo(OutputStream out) throws IOException {
            byte[] payload = bytes.toByteArray();
            if (payload.length > MAX_FRAME) {
                throw new IOException("a frame of " + payload.length + " bytes is too large");
            }
            byte[] frame = new byte[5 + payload.length];
            frame[0] = type;
            ByteBuffer.wrap(frame, 1, 4).putInt(payload.length);
            System.arraycopy(payload, 0, frame, 5, payload.length);
            java.util.Arrays.fill(payload, (byte) 0); // may hold an answer to a secret prompt
            out.write(frame);
            out.flush();
            java.util.Arrays.fill(frame, (byte) 0);
        }
    }

    /** An environment sent as {@code K=V} entries (the first of a repeated name wins, as getenv does). */
    static java.util.Map<String, String> environment(List<String> entries) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    static Builder frame(byte type) {
        return new Builder(type);
    }
}
