package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static List<Long> millisToNanos(long... ms) {
        List<Long> out = new ArrayList<>();
        for (long m : ms) {
            out.add(m * 1_000_000L);
        }
        return out;
    }

    @Test
    void nearestRankOfOneToHundred() {
        List<Long> l = new ArrayList<>(LongStream.rangeClosed(1, 100).map(m -> m * 1_000_000L).boxed().toList());
        Collections.shuffle(l);

        double[] p = Percentiles.millis(l, 0, 1, 50, 99, 99.5, 100);

        assertThat(p).containsExactly(1, 1, 50, 99, 100, 100);
    }

    @Test
    void nearestRankRoundsUpBetweenSamples() {
        // 10 samples: p50 is the 5th, p51 the 6th, p99 and p91 the 10th, p90 the 9th.
        List<Long> l = millisToNanos(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);

        assertThat(Percentiles.millis(l, 50, 51, 90, 91, 99)).containsExactly(5, 6, 9, 10, 10);
    }

    @Test
    void convertsNanosToFractionalMillis() {
        List<Long> l = List.of(1_500_000L, 250_000L, 12_345_678L);

        assertThat(Percentiles.millis(l, 0)[0]).isCloseTo(0.25, within(1e-12));
        assertThat(Percentiles.millis(l, 50)[0]).isCloseTo(1.5, within(1e-12));
        assertThat(Percentiles.millis(l, 100)[0]).isCloseTo(12.345678, within(1e-12));
    }

    @Test
    void singleSampleIsEveryPercentile() {
        assertThat(Percentiles.millis(List.of(7_000_000L), 0, 50, 99, 100)).containsExactly(7, 7, 7, 7);
    }

    @Test
    void noSamplesIsNaN() {
        double[] p = Percentiles.millis(List.of(), 50, 99);

        assertThat(p).hasSize(2);
        assertThat(Double.isNaN(p[0])).isTrue();
        assertThat(Double.isNaN(p[1])).isTrue();
    }

    @Test
    void doesNotReorderTheCallersList() {
        List<Long> l = millisToNanos(3, 1, 2);

        Percentiles.millis(l, 50);

        assertThat(l).containsExactly(3_000_000L, 1_000_000L, 2_000_000L);
    }

    @Test
    void acceptsASynchronizedListThatIsStillGrowing() {
        List<Long> l = Collections.synchronizedList(new ArrayList<>(millisToNanos(4, 2)));

        assertThat(Percentiles.millis(l, 100)).containsExactly(4);
        l.add(8_000_000L);
        assertThat(Percentiles.millis(l, 100)).containsExactly(8);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Percentiles.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Percentiles.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Percentiles.median(List.of(5.5))).isEqualTo(5.5);
    }

    @Test
    void medianOfNothingIsNaN() {
        assertThat(Percentiles.median(null)).isNaN();
        assertThat(Percentiles.median(List.of())).isNaN();
    }

    @Test
    void statsTakesPercentilesAndRatesPerStatus() {
        Stats st = new Stats();
        for (long ms : new long[] {5, 1, 4, 2, 3}) {
            st.add(200, ms * 1_000_000L);
        }
        st.add(503, 40_000_000L);
        st.timeouts.incrementAndGet();
        st.seconds = 2;

        assertThat(st.pct(200, 50)).isEqualTo(3);
        assertThat(st.pct(200, 100)).isEqualTo(5);
        assertThat(st.pct(503, 99)).isEqualTo(40);
        assertThat(st.pct(429, 50)).isNaN();
        assertThat(st.count(200)).isEqualTo(5);
        assertThat(st.total()).isEqualTo(7);
        assertThat(st.rate(200)).isEqualTo(2.5);
    }

    @Test
    void statsCpuPerOperation() {
        Stats st = new Stats();
        st.add(200, 1);
        st.add(200, 1);
        st.add(200, 1);
        st.add(200, 1);
        st.cpu = new double[] {100, 60, 8, 32};

        assertThat(Arrays.stream(st.cpuPer(200)).boxed().toList()).containsExactly(25.0, 15.0, 2.0, 8.0);
        assertThat(st.cpuPer(503)[0]).isInfinite();
    }
}
