package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelScansTest {

    @Test
    void runTimeThatGrowsWithinFiftyMillisecondsIsOnePass() {
        KernelScans.Passes p = new KernelScans.Passes();
        p.reading(1000, 7_000_000);     // the first reading only sets the start
        p.reading(1005, 7_000_000);
        p.reading(1010, 10_000_000);    // a pass: 3 ms ...
        p.reading(1015, 12_500_000);    // ... 2.5 ms more
        p.reading(1060, 13_000_000);    // 45 ms after its last growth: the same pass
        p.reading(1120, 13_000_000);
        p.reading(1515, 20_000_000);    // 455 ms later: the next pass

        assertThat(p.passes()).containsExactly(new KernelScans.Pass(1010, 6.0), new KernelScans.Pass(1515, 7.0));
    }

    @Test
    void fiftyMillisecondsAfterTheLastGrowthIsStillThePassAndFiftyOneIsTheNext() {
        KernelScans.Passes p = new KernelScans.Passes();
        p.reading(0, 0);
        p.reading(100, 1_000_000);
        p.reading(150, 2_000_000);
        p.reading(201, 3_000_000);

        assertThat(p.passes()).containsExactly(new KernelScans.Pass(100, 2.0), new KernelScans.Pass(201, 1.0));
    }

    @Test
    void lateRepliesAreSetAgainstTheWindowAfterEachPass() {
        long t = 1_733_000_000_000L;
        // Two slices of one phase, 1 s each: passes at +100 and +600 ms, then at +250 ms of the second.
        KernelScans.Run first = run(t, t + 1000, pass(t + 100, 10), pass(t + 600, 20));
        KernelScans.Run second = run(t + 5000, t + 6000, pass(t + 5250, 30));
        List<Long> late = List.of(
                t + 50,          // 50 ms before the first pass: the first millisecond of its window
                t + 299,         // the last millisecond of it
                t + 300,         // just after it
                t + 700,         // in the second pass's window
                t + 5900,        // in no window
                t + 5449);       // the last millisecond of the third

        // Every reply: the late ones above at 30 ms, and 199 on time at 2 ms, one of them due in a window;
        // outside the windows: 198 at 2 ms and 2 late ones (t+300, t+5900) at 30 ms.
        List<Stats.Due> replies = new ArrayList<>();
        for (long due : late) {
            replies.add(new Stats.Due(due, 30_000_000L));
        }
        replies.add(new Stats.Due(t + 120, 2_000_000L));
        for (int i = 0; i < 198; i++) {
            replies.add(new Stats.Due(t + 350 + i, 2_000_000L));
        }

        KernelScans.Attribution a = KernelScans.attribute(List.of(first, second), late, replies);

        assertThat(a.perSecond()).isCloseTo(1.5, within(1e-9));
        assertThat(a.cpuPerPass()).isCloseTo(20.0, within(1e-9));
        assertThat(a.lateShare()).isCloseTo(100.0 * 4 / 6, within(1e-9));
        // Three windows of 250 ms in 2 s of sampling.
        assertThat(a.coverShare()).isCloseTo(100.0 * 750 / 2000, within(1e-9));
        // 200 replies outside: the 99th percentile is the 198th, still 2 ms; the late two are above it.
        // One more late reply outside makes it the 199th of 201: 30 ms.
        assertThat(a.p99Outside()).isEqualTo(2.0);
        replies.add(new Stats.Due(t + 320, 40_000_000L));
        assertThat(KernelScans.attribute(List.of(first, second), late, replies).p99Outside()).isEqualTo(30.0);
    }

    @Test
    void passesInAnyOrderAndOverlappingRunsGiveTheSameWindows() {
        long t = 1_733_000_000_000L;
        KernelScans.Run unsorted = run(t, t + 1000, pass(t + 600, 1), pass(t + 100, 1));
        KernelScans.Run overlapping = run(t + 500, t + 1000, pass(t + 600, 1));

        KernelScans.Attribution a = KernelScans.attribute(List.of(unsorted, overlapping),
                List.of(t + 49, t + 50, t + 560, t + 799, t + 800), List.of());

        assertThat(unsorted.passes()).extracting(KernelScans.Pass::atMillis).containsExactly(t + 100, t + 600);
        assertThat(a.lateShare()).isCloseTo(100.0 * 3 / 5, within(1e-9));
        // [t+50, t+300) and [t+550, t+800), the second once though two runs saw it, over 1.5 s sampled.
        assertThat(a.coverShare()).isCloseTo(100.0 * 500 / 1500, within(1e-9));
        assertThat(KernelScans.union(List.of(new long[] {5, 9}, new long[] {0, 5}, new long[] {20, 30},
                new long[] {21, 25}))).containsExactly(new long[] {0, 9}, new long[] {20, 30});
    }

    @Test
    void overlappingWindowsAndTheSampledStretchesEdgesCountOnce() {
        long t = 1_733_000_000_000L;
        KernelScans.Run run = run(t, t + 1000, pass(t + 20, 1), pass(t + 120, 1), pass(t + 900, 1));

        KernelScans.Attribution a = KernelScans.attribute(List.of(run), List.of(), List.of());

        // [t, t+220) and [t+70, t+320) from the first two (the first clipped at the start): [t, t+320);
        // [t+850, t+1000) from the last (clipped at the end).
        assertThat(a.coverShare()).isCloseTo(100.0 * (320 + 150) / 1000, within(1e-9));
        assertThat(a.lateShare()).isNaN();
    }

    @Test
    void withoutAMonitorThereIsNothingToSampleAndNoFigure(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("1"));
        Files.writeString(proc.resolve("1/comm"), "systemd\n");
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/comm"), "kdamond.0\n");
        Files.createDirectories(proc.resolve("self"));

        assertThat(KernelScans.monitorThreads(proc)).containsExactly(proc.resolve("77/schedstat"));
        try (KernelScans none = new KernelScans(proc.resolve("1"), Clock.systemUTC())) {
            assertThat(none.stop()).isEmpty();
        }
        KernelScans.Attribution a = KernelScans.attribute(List.of(), List.of(1L), List.of(new Stats.Due(1L, 1L)));
        assertThat(a.perSecond()).isNaN();
        assertThat(a.lateShare()).isNaN();
        assertThat(a.p99Outside()).isNaN();
    }

    @Test
    void aRunningMonitorIsReadWhenSamplingStartsAndStops(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/comm"), "kdamond.0\n");
        Path stat = proc.resolve("77/schedstat");
        Files.writeString(stat, "1000000 0 1\n");
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_733_000_000_000L), ZoneOffset.UTC);
        KernelScans.Run run;
        try (KernelScans scans = new KernelScans(proc, clock)) {
            // Replaced whole, as the kernel's file never reads half-written.
            Path next = proc.resolve("77/schedstat.next");
            Files.writeString(next, "4000000 0 2\n");
            Files.move(next, stat, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            run = scans.stop().orElseThrow();
        }

        assertThat(run.passes()).containsExactly(new KernelScans.Pass(1_733_000_000_000L, 3.0));
    }

    @Test
    void aMonitorThatCannotBeReadLeavesNoStretch(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/comm"), "kdamond.0\n");
        Files.writeString(proc.resolve("77/schedstat"), "not a number\n");

        try (KernelScans scans = new KernelScans(proc, Clock.systemUTC())) {
            assertThat(scans.stop()).isEmpty();
        }
    }

    private static KernelScans.Pass pass(long atMillis, double cpuMillis) {
        return new KernelScans.Pass(atMillis, cpuMillis);
    }

    /** A sampled stretch from {@code from} to {@code to} with these passes. */
    private static KernelScans.Run run(long from, long to, KernelScans.Pass... passes) {
        return new KernelScans.Run(from, to, List.of(passes));
    }
}
