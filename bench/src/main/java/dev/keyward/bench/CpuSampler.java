package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Core-time from /proc (Linux): the whole machine's busy time, the server process (its pid is
 * in the file bench/run writes once it has started the server), this driver, and the rest
 * (PostgreSQL, pgbench, the kernel, anything else on the box).
 */
final class CpuSampler {
    static final double MS_PER_TICK = 10; // USER_HZ = 100 on Linux
    private final Path serverPidFile;
    private long serverPid = -1;

    CpuSampler(Path serverPidFile) {
        this.serverPidFile = serverPidFile;
    }

    /** Ticks: machine busy, server, driver; null if they cannot be read (no server pid yet, not Linux). */
    synchronized long[] snapshot() {
        try {
            if (serverPid < 0) {
                serverPid = Long.parseLong(Files.readString(serverPidFile).trim());
            }
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return new long[] {busy, procTicks("/proc/" + serverPid + "/stat"), procTicks("/proc/self/stat")};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long procTicks(String path) throws IOException {
        String st = Files.readString(Path.of(path));
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    }

    /** Core-milliseconds since {@code before}: machine busy, server, driver, rest (NaN if unknown). */
    double[] since(long[] before) {
        long[] after = snapshot();
        if (before == null || after == null) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double busy = (after[0] - before[0]) * MS_PER_TICK;
        double server = (after[1] - before[1]) * MS_PER_TICK;
        double self = (after[2] - before[2]) * MS_PER_TICK;
        return new double[] {busy, server, self, Math.max(0, busy - server - self)};
    }
}
