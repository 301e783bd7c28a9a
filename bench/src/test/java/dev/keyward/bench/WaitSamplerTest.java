package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitSamplerTest {

    @Test
    void aSampleLineIsWhenThenWalLockCpuOther() {
        WaitSampler.Sample s = WaitSampler.Sample.parse("1733000000123|3|1|2|0|987654321|12");

        assertThat(s).isEqualTo(new WaitSampler.Sample(1733000000123L, 3, 1, 2, 0, 987654321L, 12));
        assertThat(s.active()).isEqualTo(6);
    }

    @Test
    void samplesInTheTenthsOfLateRepliesAreCountedApart() {
        long t = 1_733_000_000_000L; // a whole second
        List<WaitSampler.Sample> samples = List.of(                      // (out of order: sorted by time)
                new WaitSampler.Sample(t + 640, 3, 1, 0, 0, 4_000_000, 8),    // tenth 6: the tenth after it counts too
                new WaitSampler.Sample(t + 10, 0, 0, 2, 0, 0, 7),              // tenth 0: quiet
                new WaitSampler.Sample(t + 520, 6, 0, 1, 1, 1_000_000, 7),    // tenth 5: a reply due here was late
                new WaitSampler.Sample(t + 910, 1, 0, 3, 0, 4_270_000, 8));   // tenth 9: quiet

        WaitSampler.Shares w = WaitSampler.shares(samples, List.of(t + 555, t + 599));

        assertThat(w.samplesLate()).isEqualTo(2);
        assertThat(w.samplesOther()).isEqualTo(2);
        assertThat(w.walLate()).isCloseTo(100.0 * 9 / 12, within(1e-9));
        assertThat(w.lockLate()).isCloseTo(100.0 / 12, within(1e-9));
        assertThat(w.cpuLate()).isCloseTo(100.0 / 12, within(1e-9));
        assertThat(w.walOther()).isCloseTo(100.0 / 6, within(1e-9));
        // 1 MB over 510 ms and 3 MB over 120 ms in the late tenths; 0.27 MB over 270 ms in the others.
        assertThat(w.walMbLate()).isCloseTo(4.0 / 0.63, within(1e-9));
        assertThat(w.walMbOther()).isCloseTo(1.0, within(1e-9));
        assertThat(w.checkpoints()).isEqualTo(1);
    }

    @Test
    void withoutLateRepliesOrSamplesTheSharesAreNotANumber() {
        long t = 1_733_000_000_000L;

        WaitSampler.Shares none = WaitSampler.shares(List.of(new WaitSampler.Sample(t, 1, 0, 1, 0, 0, 0)), List.of());
        WaitSampler.Shares empty = WaitSampler.shares(List.of(), List.of(t));

        assertThat(none.walLate()).isNaN();
        assertThat(none.walOther()).isEqualTo(50.0);
        assertThat(empty.walLate()).isNaN();
        assertThat(empty.walOther()).isNaN();
        assertThat(empty.walMbLate()).isNaN();
        assertThat(empty.checkpoints()).isZero();
    }

    @Test
    void lateRepliesAreListedByTheTenthTheyWereDueIn() {
        long midnight = 1_732_924_800_000L; // 2024-11-30T00:00:00Z
        String s = OpenLoop.byTenth(List.of(midnight + 3_600_000L + 150, midnight + 3_600_000L + 199,
                midnight + 3_600_000L + 1_000));

        assertThat(s).isEqualTo("01:00:00.100 (2), 01:00:01 (1)");
    }
}
