package dev.keyward.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table bench/run prints: for each figure the median over rounds, each round's value, the
 * ratio to the limit it is compared with, and the target's verdict; then the notes.
 */
final class Report {
    private final Figures figures;
    private final Settings s;
    private final int cores;
    private final Table table = new Table();
    private boolean missing;

    /** {@code cores}: shown in the heading (the machine the run measured). */
    Report(Figures figures, Settings settings, int cores) {
        this.figures = figures;
        this.s = settings;
        this.cores = cores;
    }

    /** True once {@link #render()} found a figure that could not be measured (n/a). */
    boolean missing() {
        return missing;
    }

    /** The heading, the table and the notes, one line each. */
    String render() {
        rows();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Keyward reset benchmark (%s: %d round%s of %.1f s phases, warm-up %.0f s, %d cores, bcrypt cost 10)%n",
                s.quick() ? "quick" : "full", s.rounds(), s.rounds() == 1 ? "" : "s", s.phase(), s.warmup(), cores));
        out.append(table.render("figure", "median", s.rounds() == 1 ? "round" : "rounds", "ratio", "target"));
        for (String n : figures.notes()) {
            out.append("note: ").append(n).append('\n');
        }
        return out.toString();
    }

    private void rows() {
        row("B: bcrypt cost 10, all cores", "B", "hashes/s", "", "");
        for (int c : new int[] {2, 8, 32}) {
            double r = ratioMed("C" + c, "B");
            row("confirm (valid code), " + c + " clients", "C" + c, "/s",
                    ratio("C" + c, "B", "B") + ", 503s: " + fmt(med("C" + c + ".503")),
                    ">= 0.90 x B: " + verdict(r >= 0.90));
            row("  confirm " + c + " clients p50", "C" + c + ".p50", "ms", "", "");
            row("  confirm " + c + " clients p99", "C" + c + ".p99", "ms", "", "");
            cpuRow("confirm", "C" + c);
        }
        String o = s.overload() + " clients";
        row("overload " + o + ": successes", "O.ok", "/s", ratio("O.ok", "B", "B"), "");
        row("overload " + o + ": 503 refusals", "O.503", "", String.format(Locale.ROOT, "%.1f %% of replies", med("O.503.share")), "");
        row("  503 latency p50", "O.503.p50", "ms", "", "");
        boolean fast = !(med("O.503.p99") >= 50);
        row("  503 latency p99", "O.503.p99", "ms", "", "< 50 ms: " + verdict(fast));
        row("  503 latency max", "O.503.max", "ms", "", "");
        row("  success latency p99", "O.ok.p99", "ms", "", "");
        row("  timeouts (30 s)", "O.timeouts", "", "", "0: " + verdict(med("O.timeouts") == 0));
        row("  other statuses", "O.other", "", "", "");
        row("wrong-code confirm, 8 clients", "W", "/s", ratio("W", "B", "B"), ">= 20 x B: " + verdict(ratioMed("W", "B") >= 20));
        row("  wrong-code p99", "W.p99", "ms", "", "");
        cpuRow("wrong-code confirm", "W");
        for (int c : new int[] {8, 32}) {
            row("H: /health/live, " + c + " conns", "H" + c, "/s", "", "");
            cpuRow("health call", "H" + c);
            row("D: pgbench reset SQL, " + c + " clients", "D" + c, "tps", "", "");
            row("  D p99, " + c + " clients", "D" + c + ".p99", "ms", "", "");
            cpuRow("D transaction", "D" + c);
            double rd = ratioMed("R" + c, "D" + c);
            row("request-OTP, " + c + " conns", "R" + c, "/s",
                    ratio("R" + c, "D" + c, "D") + ", " + ratio("R" + c, "H" + c, "H"),
                    ">= 0.80 x D: " + verdict(rd >= 0.80));
            row("  request-OTP p50, " + c + " conns", "R" + c + ".p50", "ms", "", "");
            row("  request-OTP p99, " + c + " conns", "R" + c + ".p99", "ms", "",
                    c == 32 ? "<= 25 ms: " + verdict(med("R32.p99") <= 25) : "");
            cpuRow("request-OTP", "R" + c);
        }
        row("request-OTP open loop at 0.7 x best closed loop", "OL.rate", "/s",
                "target " + fmt(med("OL.target")) + " /s", "");
        row("  open-loop p50 from scheduled start", "OL.p50", "ms", "", "");
        row("  open-loop p99 from scheduled start", "OL.p99", "ms", "", "<= 20 ms: " + verdict(med("OL.p99") <= 20));
        row("  open-loop p99.9 from scheduled start", "OL.p999", "ms", "", "");
        row("  open-loop requests (not 200)", "OL.n", "", "not 200: " + fmt(med("OL.other")), "");
        cpuRow("open-loop request", "OL");
        row("  open-loop replies over 20 ms late", "OL.late", "", "PostgreSQL backends waiting on the WAL flush: "
                + rounds("OL.walLate") + " % in the tenths with late replies, " + rounds("OL.walOther") + " % in the others",
                "");
        table.add("    WAL written, late tenths / others", fmt(med("OL.walMbLate")) + " / " + fmt(med("OL.walMbOther"))
                + " MB/s", rounds("OL.walMbLate") + "; " + rounds("OL.walMbOther"),
                "checkpoints started during the phase: " + rounds("OL.checkpoints"), "");
        // Where no kdamond runs these are n/a, which is not a failure to measure.
        table.add("    kernel memory monitor (kdamond) passes", fmt(med("OL.kscans")) + " /s", rounds("OL.kscans"),
                "CPU per pass: " + rounds("OL.kscanCpu") + " ms", "");
        table.add("    late replies due near a pass (" + KernelScans.window() + ")", fmt(med("OL.lateInScan")) + " %",
                rounds("OL.lateInScan"), "those windows: " + rounds("OL.scanCover") + " % of the phase; p99 of the replies due "
                + "outside them: " + rounds("OL.p99Outside") + " ms", "");
        row("mail relay, draining a backlog", "M.rate", "mails/s", "", "");
        row("  backlog when the burst ended", "M.backlog", "mails", "", "");
        row("  SMTP connections the relay opened", "M.smtpConnections", "", "", "");
        row("  request-to-delivery p50 (paced 20/s)", "M.delay.p50", "ms", "", "");
        row("  request-to-delivery p99 (paced 20/s)", "M.delay.p99", "ms", "", "");
        row("  request-to-delivery p50 (burst)", "M.burst.p50", "ms", "", "");
        row("  request-to-delivery p99 (burst)", "M.burst.p99", "ms", "", "");
        row("password-reset known email p50", "K.p50", "ms", "", "");
        row("password-reset unknown email p50", "U.p50", "ms", "", "");
        row("  |known - unknown| p50", "KU.diff", "ms", "", "within 1 ms: " + verdict(med("KU.diff") <= 1));
        row("password-reset known email p99", "K.p99", "ms", "", "");
        row("password-reset unknown email p99", "U.p99", "ms", "", "");
    }

    private void row(String figure, String key, String unit, String ratio, String target) {
        double v = med(key);
        // 503 latencies are n/a when nothing was refused: that is a result, not a failure to measure.
        if (Double.isNaN(v) && !key.startsWith("O.503.")) {
            missing = true;
        }
        table.add(figure, fmt(v) + " " + unit, rounds(key), ratio, target);
    }

    private void cpuRow(String what, String key) {
        table.add("  CPU core-ms per " + what, fmt(med(key + ".cpu")) + " ms", rounds(key + ".cpu"),
                String.format(Locale.ROOT, "server %s, other %s, loadgen %s", fmt(med(key + ".cpu.server")),
                        fmt(med(key + ".cpu.rest")), fmt(med(key + ".cpu.driver"))), "");
    }

    private double med(String key) {
        return Percentiles.median(figures.get(key));
    }

    /** Each round's value, "a / b / c". */
    private String rounds(String key) {
        List<Double> v = figures.get(key);
        if (v == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (double d : v) {
            out.add(fmt(d));
        }
        return String.join(" / ", out);
    }

    /** Median over rounds of each round's own ratio: a limit is compared with what ran next to it. */
    private double ratioMed(String a, String b) {
        List<Double> x = figures.get(a);
        List<Double> y = figures.get(b);
        if (x == null || y == null || x.isEmpty() || x.size() != y.size()) {
            return Double.NaN;
        }
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            r.add(x.get(i) / y.get(i));
        }
        figures.set(a + "/" + b, r);
        return med(a + "/" + b);
    }

    /** "0.91 x B", followed by each round's ratio when there are several rounds. */
    private String ratio(String a, String b, String label) {
        double r = ratioMed(a, b);
        List<Double> each = figures.get(a + "/" + b);
        String rounds = each != null && each.size() > 1 ? " (" + rounds(a + "/" + b) + ")" : "";
        return String.format(Locale.ROOT, "%.2f x %s", r, label) + rounds;
    }

    private static String verdict(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    /** A figure with about three significant digits: n/a, 1234, 12, 12.3, 1.23. */
    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        if (Math.abs(d) >= 100 || d == Math.rint(d)) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }
}
