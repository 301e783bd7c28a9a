package dev.keyward.otp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A project's one-time-code policy. The bounds and the guessing check live here so that an
 * admin can never store a policy under which a code is feasible to guess within a day.
 */
public record OtpPolicy(int length, Alphabet alphabet, int ttlSeconds, int maxAttempts, int resendCooldownSeconds,
                        int maxSendsPerHour, int maxFailuresPerDay) {

    public static final double MAX_DAILY_GUESS_CHANCE = 1e-5;
    public static final OtpPolicy DEFAULT = new OtpPolicy(6, Alphabet.NUMERIC, 600, 5, 60, 5, 10);

    public static final String TOO_WEAK =
            "OTP policy is too weak: the chance of guessing a code within a day exceeds 1e-5";

    /**
     * What is wrong with a policy: fields out of range, or (only when every field is in range) a
     * combination that makes codes too easy to guess, reported on the two fields that fix it.
     */
    public record Problems(Map<String, String> outOfRange, Optional<String> tooWeak) {
        public boolean isEmpty() {
            return outOfRange.isEmpty() && tooWeak.isEmpty();
        }

        /** Field name to reason, for a VALIDATION_ERROR's details. */
        public Map<String, String> details() {
            Map<String, String> d = new LinkedHashMap<>(outOfRange);
            tooWeak.ifPresent(reason -> {
                d.put("length", reason);
                d.put("maxFailuresPerDay", reason);
            });
            return d;
        }
    }

    public Problems problems() {
        Map<String, String> p = new LinkedHashMap<>();
        range(p, "length", length, 6, 10);
        range(p, "ttlSeconds", ttlSeconds, 60, 3600);
        range(p, "maxAttempts", maxAttempts, 1, 10);
        range(p, "resendCooldownSeconds", resendCooldownSeconds, 30, 3600);
        range(p, "maxSendsPerHour", maxSendsPerHour, 1, 20);
        range(p, "maxFailuresPerDay", maxFailuresPerDay, 1, 100);
        Optional<String> weak = Optional.empty();
        if (p.isEmpty() && dailyGuessChance() > MAX_DAILY_GUESS_CHANCE) {
            weak = Optional.of(String.format(Locale.ROOT,
                    "too weak: %d guesses a day over %s^%d codes gives a %.2g chance of guessing a code within a day (limit 1e-5)",
                    guessesPerDay(), alphabet.wireName(), length, dailyGuessChance()));
        }
        return new Problems(Collections.unmodifiableMap(p), weak);
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
