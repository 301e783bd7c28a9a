package dev.keyward.bench;

import java.util.List;
import java.util.Locale;

/**
 * The table {@code bench/run --compat} prints: for each call its rate, p50 and p99, and its rate
 * as a multiple of the Mudbase call that does the same job in the same run; then B and the notes.
 */
final class CompatReport {
    /**
     * A row: the call, its figure key, and the key and name of the Mudbase call its rate is set
     * against; with no such key, {@code againstName} is the ratio cell as it stands.
     */
    record Line(String call, String key, String against, String againstName) {
        /** A Mudbase call the others are set against. */
        static Line reference(String call, String key) {
            return new Line(call, key, null, "reference");
        }

        /** A step measured inside another row's calls: its rate is that row's. */
        static Line part(String call, String key) {
            return new Line(call, key, null, "");
        }
    }

    static final List<Line> LINES = List.of(
            Line.reference("request: Mudbase password-reset", "req.mudbase"),
            new Line("request: Cargo forgot-password", "req.cargo", "req.mudbase", "Mudbase request"),
            new Line("request: Strapi forgot-password", "req.strapi", "req.mudbase", "Mudbase request"),
            Line.reference("reset: Mudbase confirm (otp + newPassword)", "reset.mudbase"),
            new Line("reset: Cargo steps 2+3, back to back", "cargo.pair", "reset.mudbase", "Mudbase confirm"),
            Line.part("  step 2 confirm-otp-reset, in the pairs", "cargo.pair.step2"),
            Line.part("  step 3 password-reset, in the pairs", "cargo.pair.step3"),
            new Line("reset: Cargo step 3 password-reset, alone", "cargo.step3", "reset.mudbase", "Mudbase confirm"),
            new Line("reset: Strapi reset-password", "reset.strapi", "reset.mudbase", "Mudbase confirm"),
            Line.reference("code check: Mudbase verify (otp -> resetToken)", "verify.mudbase"),
            new Line("code check: Cargo step 2 confirm-otp-reset, alone", "cargo.step2", "verify.mudbase", "Mudbase verify"));

    private final Figures figures;
    private final CompatSettings s;
    private final int cores;
    private final Table table = new Table();
    private boolean missing;

    CompatReport(Figures figures, CompatSettings settings, int cores) {
        this.figures = figures;
        this.s = settings;
        this.cores = cores;
    }

    /** True once {@link #render()} found a figure that could not be measured (n/a). */
    boolean missing() {
        return missing;
    }

    /** The heading, the table, B and the notes, one line each. */
    String render() {
        for (Line l : LINES) {
            double rate = value(l.key());
            double p50 = value(l.key() + ".p50");
            double p99 = value(l.key() + ".p99");
            String ratio = l.against() == null ? l.againstName()
                    : ratio(rate / value(l.against())) + " x " + l.againstName();
            table.add(l.call(), Report.fmt(rate), Report.fmt(p50), Report.fmt(p99), ratio);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Keyward compat profiles (%s: one round of %.1f s phases%s, %d clients, %d cores, bcrypt cost 10)%n",
                s.quick() ? "quick" : "compat", s.phase(), s.slices() > 1 ? " in " + s.slices() + " interleaved slices" : "",
                s.clients(), cores));
        out.append(table.render("call", "req/s", "p50 ms", "p99 ms", "req/s vs Mudbase"));
        out.append(String.format(Locale.ROOT, "B (bcrypt cost 10, all cores, just before the resets): %s hashes/s%n",
                Report.fmt(value("B"))));
        for (String n : figures.notes()) {
            out.append("note: ").append(n).append('\n');
        }
        return out.toString();
    }

    /** "0.97", or "n/a" when either side is missing. */
    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    /** The figure's one value (one round); NaN, and the run marked incomplete, if it was never measured. */
    private double value(String key) {
        List<Double> v = figures.get(key);
        double d = v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
        missing |= Double.isNaN(d);
        return d;
    }
}
