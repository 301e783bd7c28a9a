package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void requestIIsDueAtIOverRate() {
        assertThat(OpenLoop.dueAfter(0, 200)).isZero();
        assertThat(OpenLoop.dueAfter(1, 200)).isEqualTo(5_000_000L);
        assertThat(OpenLoop.dueAfter(200, 200)).isEqualTo(1_000_000_000L);
        assertThat(OpenLoop.dueAfter(3, 0.5)).isEqualTo(6_000_000_000L);
    }

    @Test
    void aRunSchedulesRateTimesSecondsRequests() {
        assertThat(OpenLoop.requests(350, 10)).isEqualTo(3500);
        assertThat(OpenLoop.requests(333.3, 0.6)).isEqualTo(199);
        assertThat(OpenLoop.requests(1, 0.1)).as("never nothing").isEqualTo(1);
    }

    @Test
    void latencyCountsFromTheScheduledStartNotFromTheSend() {
        long t0 = 1_000_000_000L;
        // Request 10 at 100/s is due 100 ms after t0; it answered at t0 + 130 ms: 30 ms,
        // however late it was actually sent because every worker was busy.
        assertThat(OpenLoop.fromSchedule(t0, 10, 100, t0 + 130_000_000L)).isEqualTo(30_000_000L);
        assertThat(OpenLoop.fromSchedule(t0, 10, 100, t0 + 90_000_000L)).as("clock skew is not negative").isZero();
    }

    @Test
    void aStallShowsInTheTailThatAClosedLoopWouldHide() {
        // 1000 requests due every 1 ms; the server answers each in 0.5 ms but stalls 100 ms at
        // request 500, and one worker sends them in order, so the requests behind the stall start late
        // and it takes about 200 of them to catch up.
        long t0 = 0;
        double rate = 1000;
        long free = 0;
        List<Long> fromSchedule = new ArrayList<>();
        List<Long> fromSend = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long due = t0 + OpenLoop.dueAfter(i, rate);
            long sent = Math.max(due, free);
            long done = sent + 500_000L + (i == 500 ? 100_000_000L : 0);
            free = done;
            fromSchedule.add(OpenLoop.fromSchedule(t0, i, rate, done));
            fromSend.add(done - sent);
        }
        double[] open = Percentiles.millis(fromSchedule, 50, 99, 99.9);
        double[] closed = Percentiles.millis(fromSend, 50, 99, 99.9);

        assertThat(closed[1]).as("p99 from the send: the stall is one sample").isEqualTo(0.5);
        assertThat(open[0]).isEqualTo(0.5);
        // The waits behind the stall fall from 100 ms to 0 over about 200 requests.
        assertThat(open[1]).isGreaterThan(90);
        assertThat(open[2]).as("the stalled request itself").isCloseTo(100.5, within(1e-9));
    }
}
