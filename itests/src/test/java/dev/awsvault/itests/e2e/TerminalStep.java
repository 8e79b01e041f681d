package dev.awsvault.itests.e2e;

import java.util.List;

/**
 * One prompt answered on the terminal by {@code src/test/python/ptydrive.py}: wait for {@code expect} in the
 * output, then (for a secret) wait until the terminal's echo is off, then type {@code send}.
 */
public record TerminalStep(String expect, String send, boolean secret) {

    /** Answers a prompt that echoes (a name, a y/N question). */
    public static TerminalStep answer(String expect, String send) {
        return new TerminalStep(expect, send, false);
    }

    /** Answers a secret prompt: the answer is typed only once echo is off, so it can never show on the screen. */
    public static TerminalStep secret(String expect, String send) {
        return new TerminalStep(expect, send, true);
    }

    static String toJson(List<TerminalStep> steps) {
        StringBuilder json = new StringBuilder("[");
        for (TerminalStep step : steps) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"expect\":").append(quote(step.expect)).append(",\"send\":").append(quote(step.send))
                    .append(",\"noecho\":").append(step.secret).append(",\"timeout\":60}");
        }
        return json.append(']').toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
