package dev.keyward.otp;

import java.util.Locale;
import java.util.Optional;

/** Code alphabets. The alphanumeric one drops 0, 1, I and O so codes survive being read aloud. */
public enum Alphabet {
    NUMERIC("numeric", "0123456789"),
    ALPHANUMERIC("alphanumeric", "23456789ABCDEFGHJKLMNPQRSTUVWXYZ");

    private final String wireName;
    private final String symbols;

    Alphabet(String wireName, String symbols) {
        this.wireName = wireName;
        this.symbols = symbols;
    }

    public String wireName() {
        return wireName;
    }

    public String symbols() {
        return symbols;
    }

    public int size() {
        return symbols.length();
    }

    /** The form a user's input is compared in: alphanumeric codes are case-insensitive. */
    public String normalize(String input) {
        String trimmed = input.trim();
        return this == ALPHANUMERIC ? trimmed.toUpperCase(Locale.ROOT) : trimmed;
    }

    public static Optional<Alphabet> fromWire(String name) {
        for (Alphabet a : values()) {
            if (a.wireName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
