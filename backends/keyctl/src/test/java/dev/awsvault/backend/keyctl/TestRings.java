package dev.awsvault.backend.keyctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test support: named keyrings of their own for each test, removed afterwards wherever they are linked (the user
 * keyring and this JVM's process keyring), so that no kernel key outlives the test; and the keyutils CLI.
 */
final class TestRings {
    private static KernelKeyring kernel;

    private TestRings() {
    }

    static synchronized KernelKeyring kernel() {
        if (kernel == null) {
            kernel = KernelKeyring.load(SyscallNumbers.forArch(System.getProperty("os.arch")).orElseThrow());
        }
        return kernel;
    }

    static String newRingName() {
        return "aws-vault-test-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A backend of this machine whose named keyring is {@code ringName}. */
    static KeyctlKeystoreBackend backend(String ringName) {
        return new KeyctlKeystoreBackend(System.getProperty("os.name"), System.getProperty("os.arch"), ringName);
    }

    /** Unlinks every keyring called {@code ringName} from the user and process keyrings; the kernel then frees them. */
    static void destroy(String ringName) throws KeyctlFailure {
        for (int parent : new int[] {KernelKeyring.KEY_SPEC_USER_KEYRING, KernelKeyring.KEY_SPEC_PROCESS_KEYRING}) {
            for (int child : linkedRings(parent, ringName)) {
                kernel().unlink(child, parent);
            }
        }
    }

    /** The keyrings called {@code ringName} linked directly in {@code parent}. */
    static List<Integer> linkedRings(int parent, String ringName) throws KeyctlFailure {
        List<Integer> found = new ArrayList<>();
        byte[] raw;
        try {
            raw = kernel().read(parent);
        } catch (KeyctlFailure e) {
            if (e.errno() == Errno.ENOKEY) {
                return found; // no process keyring yet
            }
            throw e;
        }
        for (int serial : KernelKeyring.serials(raw, ByteOrder.nativeOrder())) {
            try {
                KeyDescription d = KeyDescription.parse(kernel().describe(serial)).orElseThrow();
                if (d.type().equals("keyring") && d.description().equals(ringName)) {
                    found.add(serial);
                }
            } catch (KeyctlFailure e) {
                // gone meanwhile
            }
        }
        return found;
    }

    /** What a command left: exit code, stdout as bytes, stderr as text. */
    record Output(int exitCode, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8).strip();
        }

        Output ok() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + ": " + text() + " / " + stderr);
            }
            return this;
        }
    }

    /** Runs a command (the {@code keyctl} CLI, a child JVM) and keeps stdout as bytes, for binary payloads. */
    static Output run(List<String> command, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Output(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Output keyctl(String... args) {
        List<String> command = new ArrayList<>(List.of("keyctl"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
