package dev.awsvault.commands.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.awsvault.api.AwsVaultException;

/**
 * The address alias on the loopback interface that lets the proxy bind {@code 169.254.169.254}, with the original's
 * commands ({@code server/ec2alias_*.go}): {@code ip addr add|del <ip>/24 dev lo label lo:0} on Linux,
 * {@code ifconfig lo0 alias|-alias <ip>} on macOS and the BSDs, {@code netsh interface ipv4 add|delete address
 * "Loopback Pseudo-Interface 1" <ip> 255.255.0.0} on Windows. Beyond the original, an address that is already
 * assigned is used as it is and left in place.
 */
class LoopbackAlias {
    /** Runs a command and returns its exit status and combined output. */
    interface Runner {
        Result run(List<String> command) throws IOException, InterruptedException;
    }

    record Result(int status, String output) {
    }

    private final String os;
    private final Runner runner;

    LoopbackAlias() {
        this(System.getProperty("os.name", ""), LoopbackAlias::exec);
    }

    LoopbackAlias(String os, Runner runner) {
        this.os = os.toLowerCase(Locale.ROOT);
        this.runner = runner;
    }

    /** Whether {@code address} is one of this machine's (so it can be bound without an alias). */
    static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Whether {@code address} is assigned to a loopback interface here, so only this machine can connect from it. */
    static boolean isOnLoopback(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        try {
            NetworkInterface ni = NetworkInterface.getByInetAddress(address);
            return ni != null && ni.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    void add(InetAddress address) {
        String ip = address.getHostAddress();
        Result r = run(addCommand(ip), ip);
        if (r.status() != 0 && !(isWindows() && alreadyExists(r.output()))) {
            throw new AwsVaultException("cannot add " + ip + " to the loopback interface: " + oneLine(r.output())
                    + hint(r.output()));
        }
    }

    void remove(InetAddress address) {
        String ip = address.getHostAddress();
        Result r = run(removeCommand(ip), ip);
        if (r.status() != 0) {
            throw new AwsVaultException("cannot remove " + ip + " from the loopback interface: " + oneLine(r.output()));
        }
    }

    List<String> addCommand(String ip) {
        if (isWindows()) {
            return List.of("netsh", "interface", "ipv4", "add", "address", "Loopback Pseudo-Interface 1", ip,
                    "255.255.0.0");
        }
        if (isLinux()) {
            return List.of(tool("ip"), "addr", "add", ip + "/24", "dev", "lo", "label", "lo:0");
        }
        return List.of(tool("ifconfig"), "lo0", "alias", ip);
    }

    List<String> removeCommand(String ip) {
        if (isWindows()) {
            return List.of("netsh", "interface", "ipv4", "delete", "address", "Loopback Pseudo-Interface 1", ip,
                    "255.255.0.0");
        }
        if (isLinux()) {
            return List.of(tool("ip"), "addr", "del", ip + "/24", "dev", "lo", "label", "lo:0");
        }
        return List.of(tool("ifconfig"), "lo0", "-alias", ip);
    }

    private Result run(List<String> command, String ip) {
        try {
            return runner.run(command);
        } catch (IOException e) {
            throw new AwsVaultException("cannot change the loopback interface for " + ip + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsVaultException("interrupted while changing the loopback interface for " + ip, e);
        }
    }

    private boolean isWindows() {
        return os.startsWith("windows");
    }

    private boolean isLinux() {
        return os.startsWith("linux");
    }

    /** Netsh's "already exists" in English, German and Spanish, which the original takes for success. */
    static boolean alreadyExists(String output) {
        return output.contains("The object already exists") || output.contains("Das Objekt ist bereits vorhanden")
                || output.contains("El objeto ya existe");
    }

    private String hint(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        if (o.contains("not permitted") || o.contains("permission denied") || o.contains("run as administrator")
                || o.contains("requires elevation")) {
            return isWindows() ? " (run `aws-vault proxy` as Administrator)"
                    : " (run `aws-vault proxy` as root, e.g. with sudo)";
        }
        return "";
    }

    /** The system tool from the system directories (this runs as root: PATH is not trusted), else by name. */
    private static String tool(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }

    private static String oneLine(String output) {
        String s = output.strip().replaceAll("\\s*\\R\\s*", "; ");
        return s.isEmpty() ? "failed without a message" : s;
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
