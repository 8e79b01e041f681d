package dev.awsvault.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class WordSplitterTest {

    @Test
    void blanksSeparateWords() throws Exception {
        assertEquals(List.of("exec", "home", "--", "ls", "-l"), WordSplitter.split("  exec\thome  -- ls -l  "));
        assertEquals(List.of(), WordSplitter.split("   "));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() throws Exception {
        assertEquals(List.of("sh", "-c", "echo $AWS_ACCESS_KEY_ID \"x\" \\n"),
                WordSplitter.split("sh -c 'echo $AWS_ACCESS_KEY_ID \"x\" \\n'"));
    }

    @Test
    void doubleQuotesLetABackslashEscapeOnlyTheShellsSpecialCharacters() throws Exception {
        assertEquals(List.of("a \"b\" \\n $c"), WordSplitter.split("\"a \\\"b\\\" \\n \\$c\""));
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() throws Exception {
        assertEquals(List.of("--profile=work/admin x", ""), WordSplitter.split("--profile='work/admin x' \"\""));
    }

    @Test
    void backslashOutsideQuotesEscapesTheNextCharacter() throws Exception {
        assertEquals(List.of("a b", "'"), WordSplitter.split("a\\ b \\'"));
    }

    @Test
    void unbalancedLinesAreRefused() {
        assertEquals("unterminated single quote",
                assertThrows(WordSplitter.UnbalancedException.class, () -> WordSplitter.split("echo 'x")).getMessage());
        assertEquals("unterminated double quote",
                assertThrows(WordSplitter.UnbalancedException.class, () -> WordSplitter.split("echo \"x")).getMessage());
        assertEquals("trailing backslash",
                assertThrows(WordSplitter.UnbalancedException.class, () -> WordSplitter.split("echo \\")).getMessage());
    }
}
