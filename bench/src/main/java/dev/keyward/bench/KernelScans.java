package dev.keyward.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's DAMON memory monitor while a phase runs. On the VMs these benchmarks run on, a
 * {@code kdamond} thread checks the accessed bits of sampled physical pages every 500 ms (so the
 * host can page out what the guest leaves cold); under load a pass takes it 5-25 ms of CPU, and
 * the open loop's late replies bunch up right after the passes. This reads each kdamond thread's run time
 * ({@code /proc/<pid>/schedstat}, nanoseconds) every {@link #EVERY_MS} ms and records its passes,
 * so the open loop's late replies can be set against them. Where no kdamond runs it records nothing.
 */
final class KernelScans implements AutoCloseable {
    /** One pass: when its run time was first seen growing (epoch ms) and the CPU it took (ms). */
    record Pass(long atMillis, double cpuMillis) { }

    /** One sampled stretch (epoch ms) and the passes seen in it, in time order. */
    record Run(long fromMillis, long toMillis, List<Pass> passes) {
        Run {
            if (toMillis < fromMillis) {
                throw new IllegalArgumentException("a run ends before it starts: " + fromMillis + " > " + toMillis);
            }
            passes = passes.stream().sorted(Comparator.comparingLong(Pass::atMillis)).toList();
        }
    }

    /** Often enough to place a 5-25 ms pass; the load generator pays for every reading. */
    static final long EVERY_MS = 10;
    /** Run time that grows within this long of the last growth belongs to the same pass. */
    static final long SAME_PASS_MS = 50;
    /** A reply due from this long before a pass was seen ... */
    static final long BEFORE_MS = 50;
    /** ... to this long after it is counted as due in the pass's window (the stall and its backlog). */
    static final long AFTER_MS = 200;

    /** The window around a pass, as the report names it. */
    static String window() {
        return "-" + BEFORE_MS + " to +" + AFTER_MS + " ms";
    }

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
    private final Clock clock;
    private final Passes passes = new Passes();
    private final Thread sampler;
    private final long from;
    /** When the last reading succeeded (epoch ms): a stretch ends there if /proc stops answering. */
    private long lastRead = -1;
    private volatile boolean running = true;

    /** Starts sampling every kdamond thread under {@code proc} (normally /proc), if there is one. */
    KernelScans(Path proc, Clock clock) {
        this.clock = clock;
        this.from = clock.millis();
        stats = monitorThreads(proc);
        // The first reading is taken here, so a pass between now and the sampler's first turn is counted.
        if (stats.isEmpty() || !read()) {
            sampler = null;
            return;
        }
        sampler = new Thread(() -> {
            try {
                while (running && read()) {
                    Thread.sleep(EVERY_MS);
                }
            } catch (InterruptedException e) {
                // Only stop() ends the sampler; an interrupt means the driver is going down.
            }
        }, "kernel-scans");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** One reading of the threads' summed run time; false once one cannot be read (the thread ended). */
    private boolean read() {
        long total = 0;
        for (Path f : stats) {
            try {
                total += Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        }
        synchronized (passes) {
            lastRead = clock.millis();
            passes.reading(lastRead, total);
        }
        return true;
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

    /**
     * Stops sampling after one last reading; the stretch up to the last good reading, or empty
     * where no kdamond runs (or its run time could never be read).
     */
    Optional<Run> stop() throws InterruptedException {
        if (sampler == null) {
            return Optional.empty();
        }
        running = false;
        sampler.join(1000);
        read();
        synchronized (passes) {
            return Optional.of(new Run(from, lastRead, passes.passes()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /**
     * {@code lateDue}: when each late reply was due (epoch ms, any status); {@code replies}: every
     * 200 reply, late or not, the set the phase's p99 is taken over.
     */
    static Attribution attribute(Collection<Run> runs, Collection<Long> lateDue, Collection<Stats.Due> replies) {
        if (runs.isEmpty()) {
            return new Attribution(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long sampled = 0;
        int n = 0;
        double cpu = 0;
        List<long[]> clipped = new ArrayList<>();
        for (Run r : runs) {
            sampled += r.toMillis() - r.fromMillis();
            for (Pass p : r.passes()) {
                n++;
                cpu += p.cpuMillis();
                long a = Math.max(r.fromMillis(), p.atMillis() - BEFORE_MS);
                long b = Math.min(r.toMillis(), p.atMillis() + AFTER_MS);
                if (b > a) {
                    clipped.add(new long[] {a, b});
                }
            }
        }
        List<long[]> windows = union(clipped);
        long covered = windows.stream().mapToLong(w -> w[1] - w[0]).sum();
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

    /** Half-open intervals [a, b) merged where they overlap or touch, in order. */
    static List<long[]> union(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(w -> w[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] w : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && w[0] <= last[1]) {
                last[1] = Math.max(last[1], w[1]);
            } else {
                out.add(new long[] {w[0], w[1]});
            }
        }
        return out;
    }

    /** Whether {@code at} falls in one of {@code windows} (disjoint, in order). */
    private static boolean inAny(List<long[]> windows, long at) {
        int lo = 0;
        int hi = windows.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] w = windows.get(mid);
            if (at < w[0]) {
                hi = mid - 1;
            } else if (at >= w[1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
