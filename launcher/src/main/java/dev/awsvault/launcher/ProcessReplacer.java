package dev.awsvault.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

import dev.awsvault.invocation.ChildProgram;

/**
 * Replaces this process with a child program, as the original's {@code syscall.Exec}: every open file descriptor
 * above 2 is marked close-on-exec (none of the JVM's descriptors leak into the child), the signal mask is cleared
 * (the JVM blocks some signals in its threads), the working directory is set, and {@code execve(2)} is called
 * through JNA. On Windows, which has no {@code execve}, the child runs with inherited standard streams and its exit
 * status is returned.
 */
final class ProcessReplacer {
    /** The C library, mapped by JNA. */
    interface LibC extends Library {
        int execve(byte[] path, StringArray argv, StringArray envp);

        int chdir(byte[] path);

        int fcntl(int fd, int cmd, Object... args);

        int pthread_sigmask(int how, Pointer set, Pointer oldSet);

        String strerror(int errnum);

        int setsid();
    }

    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;

    private ProcessReplacer() {
    }

    /**
     * Points JNA at the native library unpacked into {@code lib/native/<os-arch>/} at build time, so that JNA neither
     * searches the system nor extracts its library into a temporary directory (nor scans that directory for old
     * extractions). Called at start-up, before anything can load JNA's {@code Native} class (bundles may use JNA
     * through the system bundle); it only sets system properties. Without the directory JNA falls back to its own
     * extraction.
     */
    static void configureJna(Distribution distribution) {
        if (System.getProperty("jna.boot.library.path") == null) {
            String prefix = jnaResourcePrefix(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
            Path dir = prefix == null ? null : distribution.libDirectory().resolve("native").resolve(prefix);
            if (dir != null && Files.isDirectory(dir)) {
                System.setProperty("jna.boot.library.path", dir.toString());
                System.setProperty("jna.nounpack", "true");
            }
        }
        if (System.getProperty("jna.nosys") == null) {
            System.setProperty("jna.nosys", "true"); // never pick up a system libjnidispatch of another version
        }
    }

    /** JNA's resource prefix ({@code Platform.RESOURCE_PREFIX}) for the platforms the distribution carries, else null. */
    static String jnaResourcePrefix(String osName, String osArch) {
        String os;
        if (osName.startsWith("Linux")) {
            os = "linux";
        } else if (osName.startsWith("Mac") || osName.startsWith("Darwin")) {
            os = "darwin";
        } else {
            return null;
        }
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return os + "-x86-64";
            case "aarch64":
            case "arm64":
                return os + "-aarch64";
            default:
                return null;
        }
    }

    /**
     * Replaces the process with {@code child}. Returns only on Windows (with the child's exit status) or when
     * {@code execve} fails (by throwing). With {@code dryRun} everything up to the {@code execve} call is done and
     * 0 returned (training runs: the class-data archive then covers this path too).
     */
    static int replace(ChildProgram child, boolean dryRun) {
        if (Platform.isWindows()) {
            return dryRun ? 0 : runAndWait(child);
        }
        Charset charset = nativeCharset();
        String[] argv = child.argv().toArray(new String[0]);
        String[] envp = environment(child.environment());
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        StringArray argvArray = new StringArray(argv, charset.name());
        StringArray envpArray = new StringArray(envp, charset.name());
        byte[] path = cString(child.executable().toString(), charset);
        byte[] cwd = cString(child.workingDirectory().toString(), charset);
        markOpenDescriptorsCloseOnExec(libc);
        if (dryRun) {
            return 0;
        }
        if (libc.chdir(cwd) != 0) {
            throw new LauncherException("exec: chdir " + child.workingDirectory() + ": " + libc.strerror(Native.getLastError()));
        }
        Memory emptySet = new Memory(128); // sigset_t: 128 bytes on Linux, 4 on macOS
        emptySet.clear();
        libc.pthread_sigmask(Platform.isMac() ? 3 : 2, emptySet, null); // SIG_SETMASK
        libc.execve(path, argvArray, envpArray);
        int errno = Native.getLastError();
        throw new LauncherException("exec: " + libc.strerror(errno));
    }

    /** Marks every open descriptor above 2 close-on-exec ({@code /proc/self/fd} on Linux, {@code /dev/fd} elsewhere). */
    static void markOpenDescriptorsCloseOnExec(LibC libc) {
        for (int fd : openDescriptors()) {
            if (fd > 2) {
                int flags = libc.fcntl(fd, F_GETFD);
                if (flags != -1 && (flags & FD_CLOEXEC) == 0) {
                    libc.fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
                }
            }
        }
    }

    static List<Integer> openDescriptors() {
        Path dir = Paths.get(Files.isDirectory(Paths.get("/proc/self/fd")) ? "/proc/self/fd" : "/dev/fd");
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    fds.add(Integer.parseInt(entry.getFileName().toString()));
                } catch (NumberFormatException e) {
                    // not a descriptor
                }
            }
        } catch (IOException e) {
            throw new LauncherException("exec: cannot list open files in " + dir + ": " + e.getMessage(), e);
        }
        return fds;
    }

    /** The environment as sorted {@code K=V} entries. */
    static List<String> environmentList(Map<String, String> env) {
        return List.of(environment(env));
    }

    static String[] environment(Map<String, String> env) {
        String[] envp = new String[env.size()];
        int i = 0;
        for (Map.Entry<String, String> entry : env.entrySet()) {
            envp[i++] = entry.getKey() + "=" + entry.getValue();
        }
        java.util.Arrays.sort(envp);
        return envp;
    }

    /** The charset the JVM decoded arguments and the environment with, so that they round-trip unchanged. */
    static Charset nativeCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    private static byte[] cString(String s, Charset charset) {
        byte[] bytes = s.getBytes(charset);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }

    /** Windows: run the child with this process's streams and wait for it. */
    static int runAndWait(ChildProgram child) {
        List<String> command = new ArrayList<>(child.argv());
        command.set(0, child.executable().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(child.workingDirectory().toString())).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(child.environment());
        try {
            Process process = builder.start();
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: the child owns the console now
                }
            }
        } catch (IOException e) {
            throw new LauncherException("exec: " + e.getMessage(), e);
        }
    }
}
