package dev.awsvault.testing.keystore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

/**
 * A {@link PromptContext} for prompt-driver tests: exactly the caller's environment given (nothing of the test JVM's),
 * and a scripted terminal that records what it was asked.
 */
public final class TestPromptContext implements PromptContext {
    private final Map<String, String> environment;
    private final ScriptedTerminal terminal;

    /** A caller with {@code environment} and no terminal. */
    public TestPromptContext(Map<String, String> environment) {
        this(environment, new ScriptedTerminal(null));
    }

    /** A caller with {@code environment} and {@code terminal}. */
    public TestPromptContext(Map<String, String> environment, ScriptedTerminal terminal) {
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    /** The same caller with {@code name} set to {@code value}, or unset when {@code value} is null. */
    public TestPromptContext with(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new TestPromptContext(changed, terminal);
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public ScriptedTerminal terminal() {
        return terminal;
    }

    /** A terminal that gives one fixed answer to every question, or is absent; it records each question. */
    public static final class ScriptedTerminal implements Terminal {
        private final List<String> asked = new ArrayList<>();
        private final String answer;

        /** Answers {@code answer}; with null there is no terminal: reads throw {@link TerminalUnavailableException}. */
        public ScriptedTerminal(String answer) {
            this.answer = answer;
        }

        /** The questions asked, in order: {@code line:<prompt>} or {@code secret:<prompt>}. */
        public List<String> asked() {
            return List.copyOf(asked);
        }

        @Override
        public boolean isPresent() {
            return answer != null;
        }

        @Override
        public boolean isOutputTerminal() {
            return false;
        }

        @Override
        public boolean isInputTerminal() {
            return answer != null;
        }

        @Override
        public String readLine(String prompt) {
            return read("line:" + prompt);
        }

        @Override
        public char[] readSecret(String prompt) {
            return read("secret:" + prompt).toCharArray();
        }

        private String read(String question) {
            if (answer == null) {
                throw new TerminalUnavailableException("no terminal");
            }
            asked.add(question);
            return answer;
        }
    }
}
