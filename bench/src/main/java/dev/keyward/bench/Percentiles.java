package dev.keyward.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of latencies, and the median of per-round figures. */
final class Percentiles {
    private Percentiles() { }

    /**
     * The given percentiles (0-100) of latencies in nanoseconds, in milliseconds: the nearest-rank
     * value (the smallest sample with at least p % of the samples at or below it), NaN when there
     * are no samples. {@code nanos} may be a synchronized list that other threads still add to.
     */
    static double[] millis(List<Long> nanos, double... ps) {
        long[] a;
        synchronized (nanos) {
            a = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(a);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (a.length == 0) {
                out[i] = Double.NaN;
                continue;
            }
            int idx = (int) Math.ceil(ps[i] / 100.0 * a.length) - 1;
            out[i] = a[Math.max(0, Math.min(a.length - 1, idx))] / 1e6;
        }
        return out;
    }

    /** The median (mean of the middle two for an even count); NaN for null or empty. */
    static double median(List<Double> v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
