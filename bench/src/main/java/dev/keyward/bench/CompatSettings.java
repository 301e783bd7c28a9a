package dev.keyward.bench;

/**
 * How long and how large the compat comparison is: {@code bench/run --compat}, or the tiny
 * version {@code bench/run --quick} runs after its own phases.
 *
 * @param warmup    seconds of unknown-address requests of each kind before anything is measured
 * @param phase     seconds of each measured phase (one round)
 * @param slices    the interleaved slices each phase is split into
 * @param clients   closed-loop clients in every phase
 * @param perCall   seeded addresses each request phase may use (it ends early if they run out)
 * @param warmCodes seeded addresses per kind whose codes warm up the reset paths
 * @param bPhase    seconds of the bcrypt measurement B that the reset rows are read against
 */
record CompatSettings(boolean quick, double warmup, double phase, int slices, int clients, int perCall,
                      int warmCodes, double bPhase) {

    static CompatSettings of(boolean quick) {
        return quick ? new CompatSettings(true, 0.3, 0.4, 1, 8, 150, 8, 0.4)
                : new CompatSettings(false, 1.5, 3, 3, 8, 4500, 40, 3);
    }

    /** Seeded users the comparison uses: each request phase's and each kind's warm-up codes. */
    int users() {
        return 3 * perCall + 3 * warmCodes;
    }
}
