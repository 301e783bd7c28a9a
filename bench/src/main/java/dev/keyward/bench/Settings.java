package dev.keyward.bench;

/** How long and how large a run is: {@code bench/run --quick} or the full run. */
record Settings(boolean quick, int rounds, double warmup, double phase, double bPhase, int seedUsers,
                int latencyPairs, int overload) {

    static Settings of(boolean quick) {
        return quick ? new Settings(true, 1, 2, 0.6, 0.6, 400, 40, 64)
                : new Settings(false, 3, 60, 10, 5, 12000, 250, 64);
    }
}
