package dev.awsvault.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * The controlling terminal of this process, {@code /dev/tty}. Whether standard input and output are terminals comes
 * from {@code bin/aws-vault} ({@code -Daws-vault.tty.in=1}, {@code -Daws-vault.tty.out=1}, from {@code [ -t 0 ]} and
 * {@code [ -t 1 ]}), which costs no native call. Prompts are written to and read from the terminal itself, as the
 * original's terminal prompt does; echo is turned off with {@code stty} for secrets.
 */
final class TtyTerminal implements Terminal {
    static final String TTY_IN_PROPERTY = "aws-vault.tty.in";
    static final String TTY_OUT_PROPERTY = "aws-vault.tty.out";

    private final File device;
    private final boolean inputTerminal;
    private final boolean outputTerminal;
    private Boolean present;

    TtyTerminal(File device, boolean inputTerminal, boolean outputTerminal) {
        this.device = device;
        this.inputTerminal = inputTerminal;
        this.outputTerminal = outputTerminal;
    }

    static TtyTerminal ofProcess() {
        return new TtyTerminal(new File("/dev/tty"), "1".equals(System.getProperty(TTY_IN_PROPERTY)),
            "1".equals(System.getProperty(TTY_OUT_PROPERTY)));
    }

    /** A terminal that is never present (training runs, tests). */
    static TtyTerminal none() {
        return new TtyTerminal(null, false, false);
    }

    @Override
    public synchronized boolean isPresent() {
        if (present == null) {
            present = device != null && canOpen(device);
        }
        return present;
    }

    private static boolean canOpen(File device) {
        try (FileInputStream in = new FileInputStream(device)) {
            return true;
        } catch (IOException | SecurityException e) {
            return false; // ENXIO: no controlling terminal
        }
    }

    @Override
    public boolean isOutputTerminal() {
        return outputTerminal;
    }

    @Override
    public boolean isInputTerminal() {
        return inputTerminal;
    }

    @Override
    public String readLine(String prompt) {
        char[] line = read(prompt, false);
        try {
            return new String(line);
        } finally {
            Arrays.fill(line, '\0');
        }
    }

    @Override
    public char[] readSecret(String prompt) {
        return read(prompt, true);
    }

    private char[] read(String prompt, boolean secret) {
        if (!isPresent()) {
            throw new TerminalUnavailableException("no terminal available to ask for input");
        }
        try (FileInputStream in = new FileInputStream(device); FileOutputStream out = new FileOutputStream(device)) {
            out.write(prompt.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!secret) {
                return readLine(in);
            }
            Thread restore = new Thread(() -> stty("echo"), "aws-vault-restore-echo");
            if (!stty("-echo")) {
                throw new TerminalUnavailableException("cannot turn off echo on the terminal");
            }
            Runtime.getRuntime().addShutdownHook(restore); // Ctrl-C while typing must not leave echo off
            try {
                return readLine(in);
            } finally {
                stty("echo");
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs anyway
                }
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw new TerminalUnavailableException("cannot use the terminal: " + e.getMessage());
        }
    }

    /** Reads up to a newline, byte by byte (nothing past the line is consumed). */
    static char[] readLine(InputStream in) throws IOException {
        WipeableBytes bytes = new WipeableBytes();
        byte[] raw = null;
        try {
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                bytes.write(b);
            }
            if (!any) {
                throw new TerminalUnavailableException("the terminal was closed");
            }
            raw = bytes.toByteArray();
            int length = raw.length;
            if (length > 0 && raw[length - 1] == '\r') {
                length--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(raw, 0, length));
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw new IOException(e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
            bytes.wipe();
        }
    }

    private boolean stty(String setting) {
        String stty = new File("/bin/stty").canExecute() ? "/bin/stty" : "stty";
        try {
            Process process = new ProcessBuilder(stty, setting)
                .redirectInput(device)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A byte buffer whose contents can be wiped (the line may be a secret). */
    private static final class WipeableBytes extends ByteArrayOutputStream {
        WipeableBytes() {
            super(64);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
