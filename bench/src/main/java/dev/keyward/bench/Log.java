package dev.keyward.bench;

import java.util.Locale;

/** Progress lines on stderr; stdout carries only the table. */
final class Log {
    private Log() { }

    static void log(String fmt, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, fmt, args));
    }

    static double secs(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
