package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {
    private static Stats slice(double seconds, int status, long... nanos) {
        Stats st = new Stats();
        for (long n : nanos) {
            st.add(status, n);
        }
        st.seconds = seconds;
        st.cpu = new double[] {10, 6, 1, 3};
        return st;
    }

    @Test
    void slicesMergeIntoOnePhase() {
        Stats merged = new Stats();
        merged.merge(slice(1.0, 200, 1_000_000, 3_000_000));
        Stats second = slice(0.5, 200, 2_000_000);
        second.add(503, 500_000);
        second.timeouts.incrementAndGet();
        second.errors.incrementAndGet();
        merged.merge(second);

        assertThat(merged.seconds).isEqualTo(1.5);
        assertThat(merged.count(200)).isEqualTo(3);
        assertThat(merged.rate(200)).isEqualTo(2.0);
        assertThat(merged.pct(200, 50)).isEqualTo(2.0);
        assertThat(merged.pct(200, 100)).isEqualTo(3.0);
        assertThat(merged.counts()).containsExactly(java.util.Map.entry(200, 3), java.util.Map.entry(503, 1));
        assertThat(merged.timeouts.get()).isEqualTo(1);
        assertThat(merged.errors.get()).isEqualTo(1);
        assertThat(merged.total()).isEqualTo(6);
        assertThat(merged.cpu).containsExactly(20, 12, 2, 6);
    }

    @Test
    void mergingLeavesTheSliceAlone() {
        Stats one = slice(1.0, 200, 1_000_000);
        Stats merged = new Stats();
        merged.merge(one);
        merged.add(200, 5);
        assertThat(one.count(200)).isEqualTo(1);
    }
}
