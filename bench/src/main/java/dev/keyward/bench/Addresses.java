package dev.keyward.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out each address once per run: seeded ("known") users in order, and fresh unknown
 * addresses. The per-address cooldown and hourly cap would otherwise answer 429. Two instances
 * that share a run (the quick run's and its compat phases') take disjoint ranges of seeded users
 * and different unknown prefixes.
 */
final class Addresses {
    private final int end;
    private final String unknownPrefix;
    private final IntFunction<String> address;
    private final AtomicInteger knownNext;
    private final AtomicLong unknownNext = new AtomicLong();

    /** {@code seeded}: how many users {@link #known(int)} 0..seeded-1 were imported. */
    Addresses(int seeded) {
        this(0, seeded, "nobody");
    }

    /** Seeded users {@code first}..{@code end}-1, and unknown addresses that start with {@code unknownPrefix}. */
    Addresses(int first, int end, String unknownPrefix) {
        this(first, end, unknownPrefix, Addresses::known);
    }

    /**
     * Seeded users {@code first}..{@code end}-1 at {@code address(k)}: projects whose users must
     * not share addresses with another's (the SMTP sink keeps one mail per address).
     */
    Addresses(int first, int end, String unknownPrefix, IntFunction<String> address) {
        this.end = end;
        this.unknownPrefix = unknownPrefix;
        this.knownNext = new AtomicInteger(first);
        this.address = address;
    }

    /** The address of the k-th seeded user. */
    static String known(int k) {
        return "user" + k + "@bench.test";
    }

    String nextKnown() {
        int k = knownNext.getAndIncrement();
        if (k >= end) {
            throw new IllegalStateException("ran out of seeded users (" + end + ")");
        }
        return address.apply(k);
    }

    String nextUnknown() {
        return unknownPrefix + unknownNext.getAndIncrement() + "@unknown.test";
    }

    /** The next seeded user's index (the first one not handed out yet). */
    int knownNext() {
        return knownNext.get();
    }

    /** Seeded users not handed out yet. */
    int knownLeft() {
        return end - knownNext.get();
    }
}
