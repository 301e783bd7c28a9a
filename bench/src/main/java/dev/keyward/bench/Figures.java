package dev.keyward.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Each figure's value in every round (by key, e.g. {@code C8.p99}), and the notes under the table. */
final class Figures {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void put(String key, double v) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }

    /** Replaces a figure's values (the report stores each round's ratios this way). */
    synchronized void set(String key, List<Double> v) {
        values.put(key, new ArrayList<>(v));
    }

    /** The values of every round so far, or null if the figure was never measured. */
    synchronized List<Double> get(String key) {
        List<Double> v = values.get(key);
        return v == null ? null : List.copyOf(v);
    }

    /** Core-milliseconds per operation of the given status: machine, server, driver, rest. */
    void putCpu(String key, Stats st, int status) {
        double[] c = st.cpuPer(status);
        put(key + ".cpu", c[0]);
        put(key + ".cpu.server", c[1]);
        put(key + ".cpu.driver", c[2]);
        put(key + ".cpu.rest", c[3]);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    /** Distinct notes, first occurrence first. */
    synchronized Set<String> notes() {
        return new LinkedHashSet<>(notes);
    }
}
