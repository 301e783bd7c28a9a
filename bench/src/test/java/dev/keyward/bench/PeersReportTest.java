package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeersReportTest {
    private static final List<String> KEYS = List.of("login", "login.p50", "login.p99", "login.cpu", "login.rest", "reset", "reset.p50",
            "reset.p99", "delivered", "reset.cpu", "reset.rest", "ready", "rss", "rss.after");

    private static Figures both(double kw, double kc) {
        Figures f = new Figures();
        for (String k : KEYS) {
            f.put("kw." + k, kw);
            f.put("kc." + k, kc);
        }
        return f;
    }

    private static String row(String table, String label) {
        return table.lines().filter(l -> l.startsWith("| " + label + " ")).findFirst().orElseThrow();
    }

    @Test
    void oneRowPerFigureWithBothColumnsAndTheRatio() {
        Figures f = both(20, 40);
        f.put("kc.ready", 8);
        f.set("kw.ready", List.of(2.0));
        PeersReport report = new PeersReport(f, "26.7.3", "java -jar server/target/keyward-server.jar", "17.0.15");
        String out = report.render();

        assertThat(out.lines().filter(l -> l.startsWith("| ")).toList()).hasSize(2 + KEYS.size());
        assertThat(out).contains("| figure ").contains("| Keyward ").contains("| Keycloak 26.7.3 ").contains("| Keyward / Keycloak ");
        assertThat(row(out, "password logins/s, 8 clients (higher is better)"))
                .contains("| 20 /s ").contains("| 40 /s ").contains("0.50 x, Keycloak better");
        assertThat(row(out, "  login p99 (lower is better)")).contains("0.50 x, Keyward better");
        // the last value of a figure counts: kc.ready was put twice (20 then 8)
        assertThat(row(out, "start to ready (lower is better)")).contains("| 2 s ").contains("| 8 s ").contains("0.25 x, Keyward better");
        assertThat(out).contains("note: ratio = Keyward's value / Keycloak's").contains("Java 17.0.15 for both");
        assertThat(report.missing()).isFalse();
    }

    @Test
    void aMissingFigureIsNaAndMakesTheRunFail() {
        Figures f = both(1, 1);
        f.set("kc.delivered", List.of());
        f.note("Keycloak: only 3 of 5 reset mails arrived within 60 s");
        PeersReport report = new PeersReport(f, "26.7.3", "x", "17");
        String out = report.render();
        assertThat(row(out, "reset emails delivered/s (higher is better)")).contains("| n/a ").matches(".*\\| n/a +\\|");
        assertThat(out).endsWith("note: Keycloak: only 3 of 5 reset mails arrived within 60 s\n");
        assertThat(report.missing()).isTrue();
    }

    @Test
    void ratiosSayWhichSideTheyFavour() {
        assertThat(PeersReport.ratio(2, 1, 1)).isEqualTo("2.00 x, Keyward better");
        assertThat(PeersReport.ratio(2, 1, -1)).isEqualTo("2.00 x, Keycloak better");
        assertThat(PeersReport.ratio(1.04, 1, -1)).isEqualTo("1.04 x, about the same");
        assertThat(PeersReport.ratio(1, 2, 0)).isEqualTo("0.50 x");
        assertThat(PeersReport.ratio(1, 0, 1)).isEqualTo("n/a");
        assertThat(PeersReport.ratio(Double.NaN, 1, 1)).isEqualTo("n/a");
    }

    @Test
    void theKeywardStartCommandComesFromTheReadme() throws IOException {
        assertThat(Peers.startCommand("# K\n## The two commands\n\n```sh\n# build and start\n"
                + "mvn -B -q package -DskipTests && bin/keyward --port 9000\n```\n")).isEqualTo("bin/keyward --port 9000");
        assertThat(Peers.startCommand("no such section\nmvn package && other\n")).isEqualTo(Peers.README_START);
        Path readme = Path.of("../README.md");
        if (Files.exists(readme)) {
            assertThat(Peers.startCommand(Files.readString(readme))).as("the README names a Keyward start command").contains("keyward");
        }
    }
}
