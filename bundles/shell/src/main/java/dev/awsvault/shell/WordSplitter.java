package dev.awsvault.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words as a POSIX shell does, in its simple form: blanks separate words; {@code '…'} keeps
 * everything literally; {@code "…"} keeps everything but lets a backslash escape {@code " \ $ `}; a backslash
 * outside quotes escapes the next character. No expansion of any kind ({@code $VAR}, globs, {@code ~}).
 */
final class WordSplitter {

    /** A line that cannot be split (an unterminated quote or a trailing backslash). */
    static final class UnbalancedException extends Exception {
        private static final long serialVersionUID = 1L;

        UnbalancedException(String message) {
            super(message);
        }
    }

    private WordSplitter() {
    }

    static List<String> split(String line) throws UnbalancedException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new UnbalancedException("unterminated single quote");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new UnbalancedException("trailing backslash");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the inside of a double-quoted string starting at {@code i}; returns the index after its end. */
    private static int doubleQuoted(String line, int i, StringBuilder word) throws UnbalancedException {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new UnbalancedException("unterminated double quote");
    }
}
