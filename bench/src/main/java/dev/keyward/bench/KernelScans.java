package dev.keyward.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's DAMON memory monitor while a phase runs. On the VMs these benchmarks run on, a
 * {@code kdamond} thread checks the accessed bits of sampled physical pages every 500 ms (so the
 * host can page out what the guest leaves cold); under load a pass takes it 5-25 ms of CPU, and
 * the whole machine stalls around it. This reads each kdamond thread's run time
 * ({@code /proc/<pid>/schedstat}, nanoseconds) every {@link #EVERY_MS} ms and records its passes,
 * so the open loop's late replies can be set against them. Where no kdamond runs it records nothing.
 */
final class KernelScans implements AutoCloseable {
    /** One pass: when its run time was first seen growing (epoch ms) and the CPU it took (ms). */
    record Pass(long atMillis, double cpuMillis) { }

    /** One sampled stretch (epoch ms) and the passes seen in it. */
    record Run(long fromMillis, long toMillis, List<Pass> passes) { }

    static final long EVERY_MS = 5;
    /** Run time that grows within this long of the last growth belongs to the same pass. */
    static final long SAME_PASS_MS = 50;
    /** A reply due from this long before a pass was seen ... */
    static final long BEFORE_MS = 50;
    /** ... to this long after it is counted as due in the pass's window (the stall and its backlog). */
    static final long AFTER_MS = 200;

    /** Groups readings of the monitor's cumulative run time into passes. */
    static final class Passes {
        private final List<Pass> passes = new ArrayList<>();
        private long last = -1;
        private long lastGrowthAt = Long.MIN_VALUE;

        void reading(long atMillis, long totalNanos) {
            if (last >= 0 && totalNanos > last) {
                double ms = (totalNanos - last) / 1e6;
                int n = passes.size();
                if (n > 0 && atMillis - lastGrowthAt <= SAME_PASS_MS) {
                    Pass p = passes.get(n - 1);
                    passes.set(n - 1, new Pass(p.atMillis(), p.cpuMillis() + ms));
                } else {
                    passes.add(new Pass(atMillis, ms));
                }
                lastGrowthAt = atMillis;
            }
            last = totalNanos;
        }

        List<Pass> passes() {
            return List.copyOf(passes);
        }
    }

    /**
     * Passes per second, CPU per pass, the share of late replies due in a pass's window, the
     * share of the sampled time those windows cover, and the p99 (ms) of the replies due outside
     * them (NaN where there is nothing to divide).
     */
    record Attribution(double perSecond, double cpuPerPass, double lateShare, double coverShare, double p99Outside) { }

    private final List<Path> stats;
    private final Passes passes = new Passes();
    private final Thread sampler;
    private final long from = System.currentTimeMillis();
    private volatile boolean running = true;

    /** Starts sampling every kdamond thread under {@code proc} (normally /proc), if there is one. */
    KernelScans(Path proc) {
        stats = monitorThreads(proc);
        if (stats.isEmpty()) {
            sampler = null;
            return;
        }
        sampler = new Thread(() -> {
            try {
                while (running) {
                    long total = runTime(stats);
                    if (total < 0) {
                        return;
                    }
                    synchronized (passes) {
                        passes.reading(System.currentTimeMillis(), total);
                    }
                    Thread.sleep(EVERY_MS);
                }
            } catch (InterruptedException e) {
                // stopping
            }
        }, "kernel-scans");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The schedstat files of the threads named kdamond.N under {@code proc}. */
    static List<Path> monitorThreads(Path proc) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                try {
                    if (Files.readString(dir.resolve("comm"), StandardCharsets.US_ASCII).startsWith("kdamond")) {
                        found.add(dir.resolve("schedstat"));
                    }
                } catch (IOException e) {
                    // the process went away while listing
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to sample
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /** The threads' summed run time in ns, or -1 once one cannot be read. */
    private static long runTime(List<Path> files) {
        long sum = 0;
        for (Path f : files) {
            try {
                sum += Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }
        return sum;
    }

    /** Stops sampling; the stretch sampled, or empty where no kdamond runs. */
    Optional<Run> stop() throws InterruptedException {
        if (sampler == null) {
            return Optional.empty();
        }
        running = false;
        sampler.join(1000);
        synchronized (passes) {
            return Optional.of(new Run(from, System.currentTimeMillis(), passes.passes()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /** {@code lateDue}: when each late reply was due (epoch ms); {@code replies}: every reply, late or not. */
    static Attribution attribute(Collection<Run> runs, Collection<Long> lateDue, Collection<Stats.Due> replies) {
        if (runs.isEmpty()) {
            return new Attribution(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long sampled = 0;
        long covered = 0;
        int n = 0;
        double cpu = 0;
        List<long[]> windows = new ArrayList<>();
        for (Run r : runs) {
            sampled += r.toMillis() - r.fromMillis();
            long end = r.fromMillis();
            for (Pass p : r.passes()) {
                n++;
                cpu += p.cpuMillis();
                long a = Math.max(r.fromMillis(), p.atMillis() - BEFORE_MS);
                long b = Math.min(r.toMillis(), p.atMillis() + AFTER_MS);
                windows.add(new long[] {a, b});
                // Passes come in time order within a run: count each millisecond once.
                long from = Math.max(a, end);
                if (b > from) {
                    covered += b - from;
                    end = b;
                }
            }
        }
        int late = 0;
        for (long due : lateDue) {
            if (inAny(windows, due)) {
                late++;
            }
        }
        List<Long> outside = new ArrayList<>();
        for (Stats.Due r : replies) {
            if (!inAny(windows, r.atMillis())) {
                outside.add(r.nanos());
            }
        }
        return new Attribution(sampled == 0 ? Double.NaN : n / (sampled / 1000.0), n == 0 ? Double.NaN : cpu / n,
                lateDue.isEmpty() ? Double.NaN : 100.0 * late / lateDue.size(),
                sampled == 0 ? Double.NaN : 100.0 * covered / sampled, Percentiles.millis(outside, 99)[0]);
    }

    private static boolean inAny(List<long[]> windows, long at) {
        for (long[] w : windows) {
            if (at >= w[0] && at < w[1]) {
                return true;
            }
        }
        return false;
    }
}
