package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatReportTest {
    private static final CompatSettings COMPAT = CompatSettings.of(false);

    /** Every figure of a compat run, each call at {@code rate} req/s, p50 10 ms, p99 20 ms, and B. */
    private static Figures all(double rate) {
        Figures f = new Figures();
        for (CompatReport.Line l : CompatReport.LINES) {
            f.put(l.key(), rate);
            f.put(l.key() + ".p50", 10);
            f.put(l.key() + ".p99", 20);
        }
        f.put("B", 33);
        return f;
    }

    /** The table's lines for a call, split into trimmed cells. */
    private static List<String> row(String out, String call) {
        for (String line : out.split("\n")) {
            List<String> cells = Arrays.stream(line.split("\\|")).map(String::trim).toList();
            if (cells.size() > 1 && cells.get(1).equals(call.trim())) {
                return cells.subList(1, cells.size());
            }
        }
        throw new AssertionError("no row " + call + " in\n" + out);
    }

    @Test
    void printsEveryCallInOrderWithItsFigures() {
        CompatReport r = new CompatReport(all(100), COMPAT, 2);
        String out = r.render();
        assertThat(out).startsWith("Keyward compat profiles (compat: one round of 3.0 s phases in 3 interleaved slices, 8 clients, 2 cores,"
                + " bcrypt cost 10)\n");
        assertThat(out.split("\n")[1]).contains("call").contains("req/s").contains("p50 ms").contains("p99 ms")
                .contains("req/s vs Mudbase");
        List<String> calls = Arrays.stream(out.split("\n")).skip(3).limit(CompatReport.LINES.size())
                .map(l -> l.split("\\|")[1].trim()).toList();
        assertThat(calls).containsExactlyElementsOf(CompatReport.LINES.stream().map(l -> l.call().trim()).toList());
        assertThat(row(out, "request: Strapi forgot-password")).containsExactly("request: Strapi forgot-password", "100",
                "10", "20", "1.00 x Mudbase request");
        assertThat(out).contains("B (bcrypt cost 10, all cores, just before the resets): 33 hashes/s\n");
        assertThat(r.missing()).isFalse();
    }

    @Test
    void eachRateIsSetAgainstTheMudbaseCallThatDoesTheSameJob() {
        Figures f = all(100);
        f.set("reset.mudbase", List.of(30.0));
        f.set("cargo.pair", List.of(15.0));
        f.set("reset.strapi", List.of(31.5));
        f.set("verify.mudbase", List.of(1000.0));
        f.set("cargo.step2", List.of(250.0));
        f.set("req.cargo", List.of(95.0));
        String out = new CompatReport(f, COMPAT, 2).render();
        assertThat(row(out, "reset: Mudbase confirm (otp + newPassword)").get(4)).isEqualTo("reference");
        assertThat(row(out, "reset: Cargo steps 2+3, back to back").get(4)).isEqualTo("0.50 x Mudbase confirm");
        assertThat(row(out, "reset: Strapi reset-password").get(4)).isEqualTo("1.05 x Mudbase confirm");
        assertThat(row(out, "code check: Cargo step 2 confirm-otp-reset, alone").get(4)).isEqualTo("0.25 x Mudbase verify");
        assertThat(row(out, "request: Cargo forgot-password").get(4)).isEqualTo("0.95 x Mudbase request");
        // The steps inside the pairs have the pairs' rate: no ratio of their own.
        assertThat(row(out, "step 2 confirm-otp-reset, in the pairs").get(4)).isEmpty();
    }

    @Test
    void aFigureNotMeasuredIsNaAndMarksTheRunIncomplete() {
        Figures f = all(100);
        f.set("reset.mudbase", List.of(Double.NaN));
        CompatReport r = new CompatReport(f, COMPAT, 2);
        String out = r.render();
        assertThat(row(out, "reset: Mudbase confirm (otp + newPassword)").get(1)).isEqualTo("n/a");
        assertThat(row(out, "reset: Strapi reset-password").get(4)).isEqualTo("n/a x Mudbase confirm");
        assertThat(r.missing()).isTrue();

        Figures none = all(100);
        none.set("cargo.pair.step3.p99", List.of());
        CompatReport r2 = new CompatReport(none, COMPAT, 2);
        assertThat(row(r2.render(), "step 3 password-reset, in the pairs").get(3)).isEqualTo("n/a");
        assertThat(r2.missing()).isTrue();
    }

    @Test
    void notesFollowTheTable() {
        Figures f = all(100);
        f.note("Cargo step 2 alone: 3 x 429");
        String out = new CompatReport(f, CompatSettings.of(true), 2).render();
        assertThat(out).startsWith("Keyward compat profiles (quick: one round of 0.4 s phases, 8 clients");
        assertThat(out).endsWith("hashes/s\nnote: Cargo step 2 alone: 3 x 429\n");
    }

    @Test
    void othersListsEveryOutcomeButTheExpectedOne() {
        Stats st = new Stats();
        st.add(200, 1);
        st.add(429, 1);
        st.add(429, 1);
        st.add(503, 1);
        st.timeouts.incrementAndGet();
        assertThat(Compat.others(st, 200)).isEqualTo("2 x 429, 1 x 503, 1 timeouts");
        Stats ok = new Stats();
        ok.add(200, 1);
        assertThat(Compat.others(ok, 200)).isEmpty();
    }
}
