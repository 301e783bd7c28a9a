package dev.keyward.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown-style table with five columns (figure, median, rounds, ratio, target), each as wide
 * as its widest cell and at least as wide as {@link #MIN_WIDTHS}.
 */
final class Table {
    static final int COLUMNS = 5;
    static final int[] MIN_WIDTHS = {4, 10, 10, 10, 10};
    private final List<String[]> rows = new ArrayList<>();

    void add(String... cells) {
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException("a row has " + COLUMNS + " cells, not " + cells.length);
        }
        rows.add(cells);
    }

    /** The header line, a line of dashes, then every row; each line ends with a newline. */
    String render(String... head) {
        int[] w = MIN_WIDTHS.clone();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, w, head);
        String[] sep = new String[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            sep[i] = "-".repeat(w[i]);
        }
        line(out, w, sep);
        for (String[] r : rows) {
            line(out, w, r);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int[] w, String[] cells) {
        out.append("| ");
        for (int i = 0; i < cells.length; i++) {
            out.append(String.format("%-" + w[i] + "s", cells[i])).append(" | ");
        }
        out.setLength(out.length() - 1);
        out.append('\n');
    }
}
