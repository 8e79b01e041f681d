package dev.awsvault.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as the original's list uses it (minwidth, padding with spaces, every cell tab-terminated):
 * each column is as wide as its widest cell plus the padding, and at least the minimum width.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;
    private final List<String[]> rows = new ArrayList<>();

    TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintStream out) {
        int columns = 0;
        for (String[] r : rows) {
            columns = Math.max(columns, r.length);
        }
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], Math.max(minWidth, r[i].codePointCount(0, r[i].length()) + padding));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                sb.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length())));
            }
            sb.append('\n');
        }
        out.print(sb);
        out.flush();
    }
}
