package dev.keyward.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark database's active backends wait on while a phase runs: one {@code psql}
 * session samples {@code pg_stat_activity} every {@link #EVERY_MS} ms, so a latency tail can be
 * put down to the WAL flush (every commit waits for it), row locks, or CPU, instead of guessed.
 */
final class WaitSampler implements AutoCloseable {
    /**
     * One sample: when (epoch ms), how many active client backends were in each state, the WAL
     * position (bytes) and how many checkpoints the server had started so far.
     */
    record Sample(long atMillis, int wal, int lock, int cpu, int other, long walBytes, long checkpoints) {
        int active() {
            return wal + lock + cpu + other;
        }

        /** "1733000000000|3|0|2|1|123456|7" as the sampling query prints it. */
        static Sample parse(String line) {
            String[] c = line.split("\\|");
            return new Sample(Long.parseLong(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]),
                    Integer.parseInt(c[3]), Integer.parseInt(c[4]), Long.parseLong(c[5]), Long.parseLong(c[6]));
        }
    }

    static final long EVERY_MS = 50;

    /**
     * The sample: WAL = waiting for the WAL to be written and flushed (a commit's fsync, or its
     * turn behind another backend's), lock = heavyweight locks (rows, transactions), cpu = running;
     * then the WAL insert position and the checkpoints started since the server started.
     */
    static final String QUERY = "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, "
            + "count(*) FILTER (WHERE wait_event IN ('WALWrite', 'WALSync', 'WALInsert', 'WALBufMapping')), "
            + "count(*) FILTER (WHERE wait_event_type = 'Lock'), "
            + "count(*) FILTER (WHERE wait_event IS NULL), "
            + "count(*) FILTER (WHERE wait_event IS NOT NULL AND wait_event_type <> 'Lock' "
            + "AND wait_event NOT IN ('WALWrite', 'WALSync', 'WALInsert', 'WALBufMapping')), "
            + "(pg_current_wal_lsn() - '0/0')::bigint, "
            + "(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) "
            + "FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            + "AND backend_type = 'client backend' AND pid <> pg_backend_pid();";

    private final Process psql;
    private final Thread writer;
    private final Thread reader;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts sampling {@code database} (bench/run exports PGHOST, PGPORT and PGUSER). */
    WaitSampler(String database) throws IOException {
        psql = new ProcessBuilder("psql", "-X", "-q", "-At", "-d", database, "-f", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.matches("\\d+(\\|\\d+){6}")) {
                        synchronized (samples) {
                            samples.add(Sample.parse(line));
                        }
                    }
                }
            } catch (IOException e) {
                // psql went away: the samples so far stand.
            }
        }, "wait-sampler-in");
        writer = new Thread(() -> {
            try (Writer out = new OutputStreamWriter(psql.getOutputStream(), StandardCharsets.UTF_8)) {
                while (running) {
                    out.write(QUERY);
                    out.write('\n');
                    out.flush();
                    Thread.sleep(EVERY_MS);
                }
            } catch (IOException | InterruptedException e) {
                // closing: psql sees end of input and exits.
            }
        }, "wait-sampler-out");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Stops sampling; returns every sample taken. */
    List<Sample> stop() throws InterruptedException {
        running = false;
        writer.join(2000);
        if (!psql.waitFor(5, TimeUnit.SECONDS)) {
            psql.destroyForcibly();
        }
        reader.join(2000);
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /**
     * Shares of active backends waiting on the WAL and the WAL written per second, in samples
     * inside and outside {@code lateTenths}, and the checkpoints started while sampling.
     */
    record Shares(double walLate, double walOther, double lockLate, double cpuLate, double walMbLate,
                  double walMbOther, long checkpoints, int samplesLate, int samplesOther) { }

    /**
     * Splits {@code samples} by whether they fall in a tenth of a second (epoch ms / 100) that
     * held a late reply's due time (or the tenth after it, as a stall that delays replies due
     * in one tenth is seen in the samples up to the next), and gives each part's shares; the WAL
     * written between two samples counts for the later one's part.
     */
    static Shares shares(Collection<Sample> samples, Collection<Long> lateDueMillis) {
        Set<Long> late = new HashSet<>();
        for (long t : lateDueMillis) {
            late.add(t / 100);
            late.add(t / 100 + 1);
        }
        List<Sample> inOrder = new ArrayList<>(samples);
        inOrder.sort(Comparator.comparingLong(Sample::atMillis));
        long[] in = new long[7];
        long[] out = new long[7];
        Sample prev = null;
        for (Sample s : inOrder) {
            long[] into = late.contains(s.atMillis() / 100) ? in : out;
            into[0] += s.wal();
            into[1] += s.lock();
            into[2] += s.cpu();
            into[3] += s.active();
            into[4]++;
            if (prev != null && s.atMillis() > prev.atMillis()) {
                into[5] += s.walBytes() - prev.walBytes();
                into[6] += s.atMillis() - prev.atMillis();
            }
            prev = s;
        }
        long checkpoints = inOrder.isEmpty() ? 0 : inOrder.get(inOrder.size() - 1).checkpoints() - inOrder.get(0).checkpoints();
        return new Shares(share(in[0], in[3]), share(out[0], out[3]), share(in[1], in[3]), share(in[2], in[3]),
                mbPerSecond(in[5], in[6]), mbPerSecond(out[5], out[6]), checkpoints, (int) in[4], (int) out[4]);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    private static double mbPerSecond(long bytes, long millis) {
        return millis == 0 ? Double.NaN : bytes / 1e6 / (millis / 1000.0);
    }
}
