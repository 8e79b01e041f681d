package dev.awsvault.launcher.testbundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;

/**
 * A throw-away command runner for the launcher's tests (packed into a bundle by the tests, never shipped), made a DS
 * component by a hand-written descriptor. Commands: {@code echo <words>}, {@code exit <n>}, {@code fail <message>},
 * {@code env <name>}, {@code tty}, {@code cwd}, {@code stderr <words>}, {@code handover <executable> <argv...>}.
 */
public class TestCommandRunner implements CommandRunner {
    /** The bundle's greeting.txt: tells a rebuilt bundle from a stale copy. */
    static String greeting() {
        try (InputStream in = TestCommandRunner.class.getClassLoader().getResourceAsStream("greeting.txt")) {
            return in == null ? "no greeting" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public int run(Invocation invocation) {
        List<String> args = new ArrayList<>(invocation.arguments());
        args.remove("--debug");
        if (args.isEmpty()) {
            invocation.out().println(greeting());
            return 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (command) {
            case "echo":
                invocation.out().println(String.join(" ", rest));
                return 0;
            case "stderr":
                invocation.err().println(String.join(" ", rest));
                return 0;
            case "exit":
                return Integer.parseInt(rest.get(0));
            case "fail":
                throw new IllegalStateException(rest.get(0));
            case "env":
                invocation.out().println(invocation.environment().get(rest.get(0)));
                return 0;
            case "cwd":
                invocation.out().println(invocation.workingDirectory());
                return 0;
            case "tty":
                invocation.out().println("in=" + invocation.terminal().isInputTerminal()
                    + " out=" + invocation.terminal().isOutputTerminal()
                    + " present=" + invocation.terminal().isPresent());
                return 0;
            case "java":
                invocation.out().println(System.getProperty("java.specification.version"));
                return 0;
            case "greeting":
                invocation.out().println(greeting());
                return 0;
            case "handover":
                return invocation.handOver(new ChildProgram(Paths.get(rest.get(0)), rest.subList(1, rest.size()),
                    invocation.environment(), invocation.workingDirectory()));
            default:
                invocation.err().println("aws-vault: error: unknown command " + command);
                return 1;
        }
    }
}
