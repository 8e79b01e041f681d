package dev.awsvault.shell;

import java.util.List;

/**
 * Decides whether a line typed at the shell's prompt may go into the history file. A line that gives an MFA code
 * ({@code --mfa-token 123456}, {@code --mfa-token=123456}, {@code -t 123456}, {@code -t123456}) is never recorded,
 * nor is a blank line (a group of short flags holding {@code t}, as {@code -dt}, counts as well). Only the words before {@code --} are aws-vault's flags; what follows belongs to the child.
 */
final class HistoryFilter {
    private HistoryFilter() {
    }

    static boolean mayRecord(String line) {
        if (line.isBlank()) {
            return false;
        }
        List<String> words;
        try {
            words = WordSplitter.split(line);
        } catch (WordSplitter.UnbalancedException e) {
            // Cannot tell the flags apart: keep the line out if it so much as mentions the flag.
            return !line.contains("--mfa-token") && !line.matches("(^|.*\\s)-t.*");
        }
        for (String word : words) {
            if (word.equals("--")) {
                return true;
            }
            if (word.startsWith("--mfa-token") || isShortGroupWithT(word)) {
                return false;
            }
        }
        return true;
    }

    /** {@code -t}, {@code -t123456} or a group of short flags holding t ({@code -dt}): read as an MFA code. */
    private static boolean isShortGroupWithT(String word) {
        return word.length() > 1 && word.charAt(0) == '-' && word.charAt(1) != '-' && word.indexOf('t') > 0;
    }
}
