package dev.keyward.webhook;

import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: after about 5 s, 30 s, 2 min, 10 min and 1 h, then every
 * 3 h, each delay moved by up to 20 % either way so that retries of many events do not arrive
 * in step; a delivery whose next attempt would fall more than 24 h after the event has failed.
 */
final class DeliverySchedule {
    static final long GIVE_UP_AFTER_MILLIS = 24 * 3_600_000L;
    private static final long[] DELAYS = {5_000L, 30_000L, 120_000L, 600_000L, 3_600_000L};
    private static final long THEN_EVERY = 3 * 3_600_000L;
    private static final double JITTER = 0.2;

    private DeliverySchedule() {
    }

    /** The time of the attempt after attempt number {@code attempt} (1 for the first), or empty to give up. */
    static OptionalLong nextAttemptAt(int attempt, long createdAt, long now, RandomGenerator random) {
        long base = attempt <= DELAYS.length ? DELAYS[attempt - 1] : THEN_EVERY;
        long delay = Math.round(base * (1 + JITTER * (2 * random.nextDouble() - 1)));
        long next = now + delay;
        return next > createdAt + GIVE_UP_AFTER_MILLIS ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
