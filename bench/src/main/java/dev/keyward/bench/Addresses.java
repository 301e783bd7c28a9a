package dev.keyward.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out each address once per run: seeded ("known") users in order, and fresh unknown
 * addresses. The per-address cooldown and hourly cap would otherwise answer 429.
 */
final class Addresses {
    private final int seeded;
    private final AtomicInteger knownNext = new AtomicInteger();
    private final AtomicLong unknownNext = new AtomicLong();

    /** {@code seeded}: how many users {@link #known(int)} 0..seeded-1 were imported. */
    Addresses(int seeded) {
        this.seeded = seeded;
    }

    /** The address of the k-th seeded user. */
    static String known(int k) {
        return "user" + k + "@bench.test";
    }

    String nextKnown() {
        int k = knownNext.getAndIncrement();
        if (k >= seeded) {
            throw new IllegalStateException("ran out of seeded users (" + seeded + ")");
        }
        return known(k);
    }

    String nextUnknown() {
        return "nobody" + unknownNext.getAndIncrement() + "@unknown.test";
    }

    /** Seeded users not handed out yet. */
    int knownLeft() {
        return seeded - knownNext.get();
    }
}
