package dev.keyward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** One phase's latencies by HTTP status (200 for pgbench transactions), timeouts, errors and CPU. */
final class Stats {
    private final Map<Integer, List<Long>> byStatus = new ConcurrentHashMap<>();
    final AtomicInteger timeouts = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    /** The phase's duration, over which rates are taken. */
    volatile double seconds;
    /** Core-milliseconds over the phase: machine busy, server, driver, rest (see {@link CpuSampler}). */
    volatile double[] cpu = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    /** Open loop: when (epoch ms) each reply later than {@link OpenLoop#LATE_NANOS} was due. */
    final Queue<Long> lateDue = new ConcurrentLinkedQueue<>();
    /** What the database's active backends waited on meanwhile ({@link WaitSampler}), if sampled. */
    final Queue<WaitSampler.Sample> waits = new ConcurrentLinkedQueue<>();
    /** An open-loop reply: when it was due (epoch ms) and its latency from then (ns). */
    record Due(long atMillis, long nanos) { }

    /** Open loop: every 200 reply's due time and latency, so replies can be split by when they were due. */
    final Queue<Due> due = new ConcurrentLinkedQueue<>();
    /** The kernel memory monitor's passes meanwhile ({@link KernelScans}), one run per sampled slice. */
    final Queue<KernelScans.Run> scans = new ConcurrentLinkedQueue<>();

    void add(int status, long nanos) {
        byStatus.computeIfAbsent(status, k -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
    }

    int count(int status) {
        List<Long> l = byStatus.get(status);
        return l == null ? 0 : l.size();
    }

    /** Every reply of any status, plus timeouts and connection errors. */
    int total() {
        return byStatus.values().stream().mapToInt(List::size).sum() + timeouts.get() + errors.get();
    }

    /**
     * Adds another phase's replies, timeouts, errors, duration and CPU to this one's: the slices
     * of one interleaved phase make one set of figures.
     */
    void merge(Stats other) {
        boolean first = seconds == 0;
        other.byStatus.forEach((status, l) -> {
            List<Long> copy;
            synchronized (l) {
                copy = new ArrayList<>(l);
            }
            byStatus.computeIfAbsent(status, k -> Collections.synchronizedList(new ArrayList<>())).addAll(copy);
        });
        lateDue.addAll(other.lateDue);
        waits.addAll(other.waits);
        scans.addAll(other.scans);
        due.addAll(other.due);
        timeouts.addAndGet(other.timeouts.get());
        errors.addAndGet(other.errors.get());
        double[] sum = new double[cpu.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = first ? other.cpu[i] : cpu[i] + other.cpu[i];
        }
        cpu = sum;
        seconds += other.seconds;
    }

    /** How many replies of each status, by status. */
    Map<Integer, Integer> counts() {
        Map<Integer, Integer> out = new TreeMap<>();
        byStatus.forEach((status, l) -> out.put(status, l.size()));
        return out;
    }

    double rate(int status) {
        return count(status) / seconds;
    }

    /** The p-th percentile latency in ms of replies with this status; NaN if there were none. */
    double pct(int status, double p) {
        List<Long> l = byStatus.get(status);
        return l == null || l.isEmpty() ? Double.NaN : Percentiles.millis(l, p)[0];
    }

    /** Core-milliseconds per operation of the given status: machine, server JVM, driver, rest. */
    double[] cpuPer(int status) {
        double n = count(status);
        double[] c = cpu;
        return new double[] {c[0] / n, c[1] / n, c[2] / n, c[3] / n};
    }
}
