package dev.awsvault.prompt.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptException;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.invocation.Terminal;
import dev.awsvault.invocation.TerminalUnavailableException;

class TerminalPromptDriverTest {

    /** A terminal that records what was asked and how, and answers from a script. */
    static final class ScriptedTerminal implements Terminal {
        final List<String> asked = new ArrayList<>();
        final String answer;
        final boolean present;

        ScriptedTerminal(String answer, boolean present) {
            this.answer = answer;
            this.present = present;
        }

        @Override public boolean isPresent() { return present; }
        @Override public boolean isOutputTerminal() { return present; }
        @Override public boolean isInputTerminal() { return present; }

        @Override
        public String readLine(String prompt) {
            if (!present) throw new TerminalUnavailableException("no terminal");
            asked.add("line:" + prompt);
            return answer;
        }

        @Override
        public char[] readSecret(String prompt) {
            if (!present) throw new TerminalUnavailableException("no terminal");
            asked.add("secret:" + prompt);
            return answer == null ? null : answer.toCharArray();
        }
    }

    private static PromptContext context(Terminal t) {
        return new PromptContext() {
            @Override public Map<String, String> environment() { return Map.of(); }
            @Override public Terminal terminal() { return t; }
        };
    }

    @Test
    void mfaCodeIsReadWithEchoAndTrimmedWithTheOriginalsText() {
        ScriptedTerminal t = new ScriptedTerminal("  123456 \n", true);
        String code = new TerminalPromptDriver().prompt(PromptRequest.mfaCode("arn:aws:iam::111:mfa/jo"), context(t));
        assertEquals("123456", code);
        assertEquals(List.of("line:Enter MFA code for arn:aws:iam::111:mfa/jo: "), t.asked);
    }

    @Test
    void secretsAreReadWithoutEcho() {
        ScriptedTerminal t = new ScriptedTerminal("pass phrase", true);
        String s = new TerminalPromptDriver().prompt(PromptRequest.secret("Enter passphrase to unlock \"/k\": "), context(t));
        assertEquals("pass phrase", s);
        assertEquals(List.of("secret:Enter passphrase to unlock \"/k\": "), t.asked);
    }

    @Test
    void noTerminalGivesAOneLineError() {
        PromptException e = assertThrows(PromptException.class, () -> new TerminalPromptDriver()
                .prompt(PromptRequest.mfaCode("arn:x"), context(new ScriptedTerminal("1", false))));
        assertTrue(e.getMessage().contains("no terminal available"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void closedTerminalIsAnError() {
        assertThrows(PromptException.class, () -> new TerminalPromptDriver()
                .prompt(PromptRequest.secret("p: "), context(new ScriptedTerminal(null, true))));
    }
}
