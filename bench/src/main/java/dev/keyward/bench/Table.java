package dev.keyward.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown-style table, by default with five columns (figure, median, rounds, ratio, target),
 * each as wide as its widest cell (or heading) and at least as wide as {@link #MIN_WIDTHS} (4 past those).
 */
final class Table {
    static final int COLUMNS = 5;
    static final int[] MIN_WIDTHS = {4, 10, 10, 10, 10};
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table() {
        this(COLUMNS);
    }

    /** A table with another number of columns ({@code --peers} prints four). */
    Table(int columns) {
        this.columns = columns;
    }

    void add(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row has " + columns + " cells, not " + cells.length);
        }
        rows.add(cells);
    }

    /** The header line, a line of dashes, then every row; each line ends with a newline. */
    String render(String... head) {
        int[] w = new int[columns];
        for (int i = 0; i < columns; i++) {
            w[i] = i < MIN_WIDTHS.length ? MIN_WIDTHS[i] : 4;
        }
        for (int i = 0; i < head.length; i++) {
            w[i] = Math.max(w[i], head[i].length());
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, w, head);
        String[] sep = new String[columns];
        for (int i = 0; i < columns; i++) {
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
