package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final Settings QUICK = Settings.of(true);
    private static final Settings FULL = Settings.of(false);

    /** The first column of the table, in the order bench/run has always printed it. */
    private static final List<String> FIGURES = List.of(
            "B: bcrypt cost 10, all cores",
            "confirm (valid code), 2 clients", "  confirm 2 clients p50", "  confirm 2 clients p99", "  CPU core-ms per confirm",
            "confirm (valid code), 8 clients", "  confirm 8 clients p50", "  confirm 8 clients p99", "  CPU core-ms per confirm",
            "confirm (valid code), 32 clients", "  confirm 32 clients p50", "  confirm 32 clients p99", "  CPU core-ms per confirm",
            "overload 64 clients: successes", "overload 64 clients: 503 refusals", "  503 latency p50", "  503 latency p99",
            "  503 latency max", "  success latency p99", "  timeouts (30 s)", "  other statuses",
            "wrong-code confirm, 8 clients", "  wrong-code p99", "  CPU core-ms per wrong-code confirm",
            "H: /health/live, 8 conns", "  CPU core-ms per health call",
            "D: pgbench reset SQL, 8 clients", "  D p99, 8 clients", "  CPU core-ms per D transaction",
            "request-OTP, 8 conns", "  request-OTP p50, 8 conns", "  request-OTP p99, 8 conns", "  CPU core-ms per request-OTP",
            "H: /health/live, 32 conns", "  CPU core-ms per health call",
            "D: pgbench reset SQL, 32 clients", "  D p99, 32 clients", "  CPU core-ms per D transaction",
            "request-OTP, 32 conns", "  request-OTP p50, 32 conns", "  request-OTP p99, 32 conns", "  CPU core-ms per request-OTP",
            "request-OTP open loop at 0.7 x best closed loop", "  open-loop p50 from scheduled start",
            "  open-loop p99 from scheduled start", "  open-loop p99.9 from scheduled start",
            "  open-loop requests (not 200)", "  CPU core-ms per open-loop request", "  open-loop replies over 20 ms late",
            "    WAL written, late tenths / others", "    kernel memory monitor (kdamond) passes",
            "    late replies due near a pass (-50 to +200 ms)",
            "mail relay, draining a backlog", "  backlog when the burst ended", "  SMTP connections the relay opened",
            "  request-to-delivery p50 (paced 20/s)", "  request-to-delivery p99 (paced 20/s)",
            "  request-to-delivery p50 (burst)", "  request-to-delivery p99 (burst)",
            "password-reset known email p50", "password-reset unknown email p50", "  |known - unknown| p50",
            "password-reset known email p99", "password-reset unknown email p99");

    /** Every key the benchmark records in a round, each set to {@code v}. */
    private static void putAll(Figures f, double v) {
        List<String> keys = new ArrayList<>(List.of("B", "O.ok", "O.503", "O.503.share", "O.503.p50", "O.503.p99",
                "O.503.max", "O.ok.p99", "O.timeouts", "O.other", "W", "W.p99", "W.other", "M.rate", "M.backlog",
                "M.smtpConnections", "M.delay.p50", "M.delay.p99", "M.burst.p50", "M.burst.p99", "K.p50", "K.p99",
                "U.p50", "U.p99", "KU.diff", "OL.target", "OL.rate", "OL.p50", "OL.p99", "OL.p999", "OL.n",
                "OL.other", "OL.late", "OL.walLate", "OL.walOther", "OL.walMbLate", "OL.walMbOther", "OL.checkpoints",
                "OL.kscans", "OL.kscanCpu", "OL.lateInScan", "OL.scanCover", "OL.p99Outside"));
        List<String> withCpu = new ArrayList<>(List.of("W", "OL"));
        for (int c : new int[] {2, 8, 32}) {
            keys.addAll(List.of("C" + c, "C" + c + ".p50", "C" + c + ".p99", "C" + c + ".503"));
            withCpu.add("C" + c);
        }
        for (int c : new int[] {8, 32}) {
            keys.addAll(List.of("H" + c, "H" + c + ".p99", "D" + c, "D" + c + ".p99", "R" + c, "R" + c + ".p50",
                    "R" + c + ".p99", "R" + c + ".errors"));
            withCpu.addAll(List.of("H" + c, "D" + c, "R" + c));
        }
        for (String k : withCpu) {
            keys.addAll(List.of(k + ".cpu", k + ".cpu.server", k + ".cpu.driver", k + ".cpu.rest"));
        }
        for (String k : keys) {
            f.put(k, v);
        }
    }

    /** One complete round of plausible figures, then {@code tweak} to set the ones a test is about. */
    private static Figures round(Consumer<Figures> tweak) {
        Figures f = new Figures();
        putAll(f, 1);
        tweak.accept(f);
        return f;
    }

    private static void replace(Figures f, String key, double... values) {
        List<Double> v = new ArrayList<>();
        for (double d : values) {
            v.add(d);
        }
        f.set(key, v);
    }

    /** The table's rows (header and dashes excluded) as cells, cut at the dashes' column bounds. */
    private static List<List<String>> cells(String rendered) {
        List<String> lines = rendered.lines().toList();
        String dashes = lines.get(2);
        List<int[]> bounds = new ArrayList<>();
        int at = 0;
        while ((at = dashes.indexOf('-', at)) >= 0) {
            int end = dashes.indexOf(' ', at);
            bounds.add(new int[] {at, end});
            at = end;
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(3, lines.size())) {
            if (!line.startsWith("| ")) {
                continue;
            }
            List<String> row = new ArrayList<>();
            for (int[] b : bounds) {
                row.add(line.substring(b[0], b[1]).stripTrailing());
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> row(String rendered, String figure) {
        return cells(rendered).stream().filter(r -> r.get(0).equals(figure)).findFirst().orElseThrow();
    }

    @Test
    void headingAndColumnsOfAQuickRun() {
        String out = new Report(round(f -> { }), QUICK, 2).render();
        List<String> lines = out.lines().toList();

        assertThat(lines.get(0)).isEqualTo(
                "Keyward reset benchmark (quick: 1 round of 0.6 s phases, warm-up 2 s, 2 cores, bcrypt cost 10)");
        assertThat(lines.get(1)).matches("\\| figure +\\| median +\\| round +\\| ratio +\\| target +\\|");
        assertThat(lines.get(2)).matches("\\| -+ \\| -+ \\| -+ \\| -+ \\| -+ \\|");
    }

    @Test
    void headingOfAFullRunSaysRounds() {
        Figures f = new Figures();
        putAll(f, 1);
        putAll(f, 2);
        putAll(f, 3);
        String out = new Report(f, FULL, 8).render();

        assertThat(out).startsWith(
                "Keyward reset benchmark (full: 3 rounds of 10.0 s phases, warm-up 60 s, 8 cores, bcrypt cost 10)\n");
        assertThat(out.lines().toList().get(1)).contains("| rounds ");
    }

    @Test
    void everyFigureInItsPlace() {
        String out = new Report(round(f -> { }), QUICK, 2).render();

        assertThat(cells(out)).extracting(r -> r.get(0)).containsExactlyElementsOf(FIGURES);
    }

    @Test
    void allLinesOfTheTableAreAligned() {
        String out = new Report(round(f -> replace(f, "D8", 123456.789)), QUICK, 2).render();
        List<String> table = out.lines().skip(1).toList();

        assertThat(table).hasSize(FIGURES.size() + 2);
        assertThat(table).allSatisfy(l -> {
            assertThat(l).hasSize(table.get(0).length());
            assertThat(l).startsWith("| ").endsWith(" |");
        });
        assertThat(row(out, "D: pgbench reset SQL, 8 clients").get(1)).isEqualTo("123457 tps");
    }

    @Test
    void medianValueWithUnitAndEveryRound() {
        Figures f = new Figures();
        putAll(f, 1);
        putAll(f, 1);
        putAll(f, 1);
        replace(f, "K.p50", 4.98, 5.5, 3.25);
        replace(f, "M.rate", 384.4, 660.6, 12.5);
        String out = new Report(f, FULL, 2).render();

        assertThat(row(out, "password-reset known email p50").subList(1, 3)).containsExactly("4.98 ms", "4.98 / 5.50 / 3.25");
        assertThat(row(out, "mail relay, draining a backlog").subList(1, 3))
                .containsExactly("384 mails/s", "384 / 661 / 12.5");
    }

    @Test
    void ratioIsTheMedianOfEachRoundsRatioAndShowsThem() {
        Figures f = new Figures();
        putAll(f, 1);
        putAll(f, 1);
        putAll(f, 1);
        // Per round: 0.9, 0.5, 1.0 -> median 0.9; the ratio of the medians would be 45/50.
        replace(f, "C8", 45, 40, 100);
        replace(f, "B", 50, 80, 100);
        replace(f, "C8.503", 0, 3, 1);
        String out = new Report(f, FULL, 2).render();

        List<String> r = row(out, "confirm (valid code), 8 clients");
        assertThat(r.get(3)).isEqualTo("0.90 x B (0.90 / 0.50 / 1), 503s: 1");
        assertThat(r.get(4)).isEqualTo(">= 0.90 x B: met");
    }

    @Test
    void verdictsAgainstTheTargets() {
        String out = new Report(round(f -> {
            replace(f, "B", 34);
            replace(f, "C2", 22.8);
            replace(f, "W", 843);
            replace(f, "O.503.p99", 60.9);
            replace(f, "O.timeouts", 0);
            replace(f, "R8", 414);
            replace(f, "D8", 2217);
            replace(f, "H8", 3251);
            replace(f, "R32.p99", 25);
            replace(f, "KU.diff", 1.01);
        }), QUICK, 2).render();

        assertThat(row(out, "confirm (valid code), 2 clients").subList(3, 5))
                .containsExactly("0.67 x B, 503s: 1", ">= 0.90 x B: MISSED");
        assertThat(row(out, "wrong-code confirm, 8 clients").subList(3, 5))
                .containsExactly("24.79 x B", ">= 20 x B: met");
        assertThat(row(out, "  503 latency p99").get(4)).isEqualTo("< 50 ms: MISSED");
        assertThat(row(out, "  timeouts (30 s)").get(4)).isEqualTo("0: met");
        assertThat(row(out, "request-OTP, 8 conns").subList(3, 5))
                .containsExactly("0.19 x D, 0.13 x H", ">= 0.80 x D: MISSED");
        assertThat(row(out, "  request-OTP p99, 32 conns").get(4)).isEqualTo("<= 25 ms: met");
        assertThat(row(out, "  request-OTP p99, 8 conns").get(4)).isEmpty();
        assertThat(row(out, "  |known - unknown| p50").get(4)).isEqualTo("within 1 ms: MISSED");
    }

    @Test
    void cpuRowsSplitServerOtherAndLoadgen() {
        String out = new Report(round(f -> {
            replace(f, "C2.cpu", 81.3);
            replace(f, "C2.cpu.server", 78.7);
            replace(f, "C2.cpu.rest", 2);
            replace(f, "C2.cpu.driver", 0.666);
        }), QUICK, 2).render();

        assertThat(cells(out).get(4)).containsExactly("  CPU core-ms per confirm", "81.3 ms", "81.3",
                "server 78.7, other 2, loadgen 0.67", "");
    }

    @Test
    void aFigureThatCouldNotBeMeasuredIsMissing() {
        Report r = new Report(round(f -> replace(f, "D32", Double.NaN)), QUICK, 2);
        String out = r.render();

        assertThat(r.missing()).isTrue();
        assertThat(row(out, "D: pgbench reset SQL, 32 clients").subList(1, 3)).containsExactly("n/a tps", "n/a");
    }

    @Test
    void aFigureNeverRecordedIsMissing() {
        Figures without = new Figures();
        for (String k : List.of("B", "W")) {
            without.put(k, 1);
        }
        Report r = new Report(without, QUICK, 2);
        r.render();

        assertThat(r.missing()).isTrue();
    }

    @Test
    void noRefusalsIsAResultNotAMissingFigure() {
        Report r = new Report(round(f -> {
            replace(f, "O.503", 0);
            replace(f, "O.503.p50", Double.NaN);
            replace(f, "O.503.p99", Double.NaN);
            replace(f, "O.503.max", Double.NaN);
        }), QUICK, 2);
        String out = r.render();

        assertThat(r.missing()).isFalse();
        assertThat(row(out, "  503 latency p99").subList(1, 5)).containsExactly("n/a ms", "n/a", "", "< 50 ms: met");
    }

    @Test
    void aMachineWithoutAKernelMemoryMonitorIsAResultNotAMissingFigure() {
        Report r = new Report(round(f -> {
            for (String k : List.of("OL.kscans", "OL.kscanCpu", "OL.lateInScan", "OL.scanCover", "OL.p99Outside")) {
                replace(f, k, Double.NaN);
            }
        }), QUICK, 2);
        String out = r.render();

        assertThat(r.missing()).isFalse();
        assertThat(row(out, "    late replies due near a pass (-50 to +200 ms)").subList(1, 4))
                .containsExactly("n/a %", "n/a", "those windows: n/a % of the phase; p99 of the replies due outside them: n/a ms");
    }

    @Test
    void notesFollowTheTableOnceEach() {
        Figures f = round(x -> { });
        f.note("3 connection errors in a 8-connection phase");
        f.note("pgbench reported failed transactions: 2");
        f.note("3 connection errors in a 8-connection phase");
        List<String> lines = new Report(f, QUICK, 2).render().lines().toList();

        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "note: 3 connection errors in a 8-connection phase", "note: pgbench reported failed transactions: 2");
    }

    @Test
    void formatsAboutThreeSignificantDigits() {
        assertThat(Report.fmt(Double.NaN)).isEqualTo("n/a");
        assertThat(Report.fmt(0)).isEqualTo("0");
        assertThat(Report.fmt(14)).isEqualTo("14");
        assertThat(Report.fmt(1125.6)).isEqualTo("1126");
        assertThat(Report.fmt(100)).isEqualTo("100");
        assertThat(Report.fmt(99.96)).isEqualTo("100.0");
        assertThat(Report.fmt(34.04)).isEqualTo("34.0");
        assertThat(Report.fmt(10)).isEqualTo("10");
        assertThat(Report.fmt(9.864)).isEqualTo("9.86");
        assertThat(Report.fmt(0.666)).isEqualTo("0.67");
        assertThat(Report.fmt(-0.5)).isEqualTo("-0.50");
        assertThat(Report.fmt(-250.4)).isEqualTo("-250");
    }

    @Test
    void tableColumnsAreAtLeastTheirMinimumWidth() {
        Table t = new Table();
        t.add("a", "b", "c", "d", "e");

        assertThat(t.render("f", "m", "r", "x", "t")).isEqualTo(
                "| f    | m          | r          | x          | t          |\n"
                        + "| ---- | ---------- | ---------- | ---------- | ---------- |\n"
                        + "| a    | b          | c          | d          | e          |\n");
    }

    @Test
    void tableRowsHaveFiveCells() {
        assertThatThrownBy(() -> new Table().add("a", "b")).isInstanceOf(IllegalArgumentException.class);
    }
}
