package dev.keyward.codegen;

import java.util.Locale;
import java.util.Set;

/** Turns names found in the spec into Java identifiers. */
final class Names {
    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits");

    private Names() {
    }

    /** {@code "otp-policy"} and {@code "otpPolicy"} both become {@code "OtpPolicy"}. */
    static String typeName(String raw) {
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (out.length() == 0) {
            throw new SpecException("cannot make a Java name from '" + raw + "'");
        }
        if (Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /** A field, parameter or method name: {@code "X-Request-Id"} becomes {@code "xRequestId"}. */
    static String memberName(String raw) {
        String type = typeName(raw);
        String name = type.startsWith("_") ? type : type.substring(0, 1).toLowerCase(Locale.ROOT) + type.substring(1);
        return KEYWORDS.contains(name) ? name + "_" : name;
    }

    static String decapitalize(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    /** A Java string literal holding {@code value}. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
