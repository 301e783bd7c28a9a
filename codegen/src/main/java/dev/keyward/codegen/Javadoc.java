package dev.keyward.codegen;

import java.util.List;

/** Writes spec prose into Javadoc comments without breaking them. */
final class Javadoc {
    private Javadoc() {
    }

    static String escape(String text) {
        return text.strip()
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("*/", "*&#47;")
                .replace("@", "&#64;");
    }

    /** A comment block from lines that are already Javadoc (escaped where needed); blank lines stay. */
    static String block(String indent, List<String> lines) {
        StringBuilder out = new StringBuilder(indent).append("/**\n");
        for (String line : lines) {
            for (String part : line.split("\n", -1)) {
                out.append(indent).append(part.isBlank() ? " *" : " * " + part.stripTrailing()).append('\n');
            }
        }
        return out.append(indent).append(" */\n").toString();
    }

    /** The first sentence-like text of a schema or operation, made to end with a period. */
    static String sentence(String text) {
        String escaped = escape(text);
        return escaped.endsWith(".") ? escaped : escaped + ".";
    }
}
