package dev.keyward.webhook;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Retries after about 5 s, 30 s, 2 min, 10 min, 1 h, then every 3 h, each +-20 %, for 24 h. */
class DeliveryScheduleTest {
    @Test
    void delaysFollowTheScheduleWithinTwentyPercentAndDiffer() {
        long[] expected = {5_000, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 10_800_000};
        Random random = new Random(7);
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long delay = DeliverySchedule.nextAttemptAt(attempt, 0, 0, random).orElseThrow();
                assertThat((double) delay).isCloseTo(expected[attempt - 1], within(expected[attempt - 1] * 0.2));
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            assertThat(max - min).as("jitter spreads attempt " + attempt).isGreaterThan(expected[attempt - 1] / 4);
        }
    }

    @Test
    void givesUpOnceTheNextAttemptWouldFallAfterTwentyFourHours() {
        Random random = new Random(3);
        long created = 1_000_000;
        long now = created;
        int attempts = 1;
        while (true) {
            OptionalLong next = DeliverySchedule.nextAttemptAt(attempts, created, now, random);
            if (next.isEmpty()) {
                break;
            }
            now = next.getAsLong();
            attempts++;
        }
        assertThat(now - created).isLessThanOrEqualTo(DeliverySchedule.GIVE_UP_AFTER_MILLIS)
                .isGreaterThan(DeliverySchedule.GIVE_UP_AFTER_MILLIS - 4 * 3_600_000L);
        assertThat(attempts).isBetween(10, 15);
    }
}
