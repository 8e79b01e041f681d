package dev.awsvault.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.awsvault.invocation.ChildProgram;
import dev.awsvault.invocation.Invocation;

/** Completion asks the runner with kingpin's --completion-bash and keeps the lines that fit the partial word. */
class ShellCompleterTest {
    private final List<Invocation> asked = new ArrayList<>();

    private ShellCompleter completer(String printed) {
        return new ShellCompleter(invocation -> {
            asked.add(invocation);
            invocation.out().print(printed);
            return 0;
        }, new ShellInvocationStub(Path.of("/")));
    }

    @Test
    void asksForTheWordsSoFarAndOffersTheLinesStartingWithThePartialWord() {
        List<String> offered = completer("home\nwork/admin\nhome-dev\n").candidates(List.of("exec"), "ho");
        assertEquals(List.of("exec", "ho"), asked.get(0).arguments().subList(1, 3));
        assertEquals("--completion-bash", asked.get(0).arguments().get(0));
        assertEquals(List.of("home", "home-dev"), offered);
        assertFalse(asked.get(0).terminal().isPresent(), "completion never prompts");
    }

    @Test
    void anEmptyPartialWordIsPassedToo() {
        List<String> offered = completer("--help\n--debug\n").candidates(List.of("list"), "");
        assertEquals(List.of("--completion-bash", "list", ""), asked.get(0).arguments());
        assertEquals(List.of("--help", "--debug"), offered);
    }

    @Test
    void theShellsOwnWordsAreOfferedAsFirstWord() {
        assertEquals(List.of("exit", "exec", "export"), completer("exec\nexport\nlist\n").candidates(List.of(), "ex"));
    }

    @Test
    void aFailingRunnerOffersNothingButTheShellsWords() {
        ShellCompleter failing = new ShellCompleter(invocation -> {
            throw new IllegalStateException("boom");
        }, new ShellInvocationStub(Path.of("/")));
        assertEquals(List.of("help"), failing.candidates(List.of(), "he"));
        assertEquals(List.of(), failing.candidates(List.of("exec"), "ho"));
    }

    @Test
    void completionNeverStartsAProgram() {
        completer("").candidates(List.of("exec"), "");
        assertThrows(RuntimeException.class, () -> asked.get(0).handOver(
                new ChildProgram(Path.of("/bin/true"), List.of("true"), java.util.Map.of(), Path.of("/"))));
    }
}
