package dev.keyward.otp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's one-time-code policy. The bounds and the guessing check live here so that an
 * admin can never store a policy under which a code is feasible to guess within a day.
 */
public record OtpPolicy(int length, Alphabet alphabet, int ttlSeconds, int maxAttempts, int resendCooldownSeconds,
                        int maxSendsPerHour, int maxFailuresPerDay) {

    public static final double MAX_DAILY_GUESS_CHANCE = 1e-5;
    public static final OtpPolicy DEFAULT = new OtpPolicy(6, Alphabet.NUMERIC, 600, 5, 60, 5, 10);

    /** Field name to reason for everything wrong with this policy; empty when it may be stored. */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        range(p, "length", length, 6, 10);
        range(p, "ttlSeconds", ttlSeconds, 60, 3600);
        range(p, "maxAttempts", maxAttempts, 1, 10);
        range(p, "resendCooldownSeconds", resendCooldownSeconds, 30, 3600);
        range(p, "maxSendsPerHour", maxSendsPerHour, 1, 20);
        range(p, "maxFailuresPerDay", maxFailuresPerDay, 1, 100);
        if (p.isEmpty() && dailyGuessChance() > MAX_DAILY_GUESS_CHANCE) {
            String reason = String.format(java.util.Locale.ROOT,
                    "too weak: %d guesses a day over %s^%d codes gives a %.2g chance of guessing a code within a day (limit 1e-5)",
                    guessesPerDay(), alphabet.wireName(), length, dailyGuessChance());
            p.put("length", reason);
            p.put("maxFailuresPerDay", reason);
        }
        return p;
    }

    public long guessesPerDay() {
        return Math.min((long) maxFailuresPerDay, (long) maxAttempts * maxSendsPerHour * 24);
    }

    public double dailyGuessChance() {
        return guessesPerDay() / Math.pow(alphabet.size(), length);
    }

    private static void range(Map<String, String> p, String field, int value, int min, int max) {
        if (value < min || value > max) {
            p.put(field, "must be between " + min + " and " + max);
        }
    }
}
