package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatSlicesTest {
    @Test
    void eachPassStartsOnePhaseLaterAndEachPhaseGetsItsSlicesMerged() throws Exception {
        CompatSettings s = new CompatSettings(false, 0, 3, 3, 8, 10, 1, 0);
        Compat compat = new Compat(s, null, null, null, null, null, null, new Figures());
        List<String> order = new ArrayList<>();
        List<Compat.Slice> phases = new ArrayList<>();
        for (String name : new String[] {"A", "B", "C"}) {
            phases.add((i, seconds) -> {
                order.add(name + i);
                assertThat(seconds).isEqualTo(1.0);
                Stats st = new Stats();
                st.add(200, 1_000_000);
                st.seconds = seconds;
                return st;
            });
        }
        List<Stats> merged = compat.interleaved(phases);
        assertThat(order).containsExactly("A0", "B0", "C0", "B1", "C1", "A1", "C2", "A2", "B2");
        assertThat(merged).hasSize(3);
        for (Stats st : merged) {
            assertThat(st.count(200)).isEqualTo(3);
            assertThat(st.seconds).isEqualTo(3.0);
        }
    }
}
