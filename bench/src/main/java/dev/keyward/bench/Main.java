package dev.keyward.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The benchmark driver bench/run starts:
 *
 * <pre>java -cp bench/target/keyward-bench.jar dev.keyward.bench.Main &lt;workdir&gt; &lt;quick|full|compat|mail|mail-quick|scale|peers, joined with +&gt;</pre>
 *
 * The mode is one or more words joined with {@code +} (bench/run collects them from its flags,
 * e.g. {@code scale}, {@code scale+quick} or {@code scale+peers}); each selected part runs in
 * turn in one invocation: {@code scale} ({@link ScaleBench}) first, then the main mode, and
 * {@code peers} ({@link Peers}) always last, as it stops the server.
 *
 * It binds an SMTP sink and picks a free HTTP port, writes them to {@code <workdir>/ports},
 * waits for the server that bench/run starts on that port, then seeds users, warms up and
 * measures every figure in rounds ({@code compat}: only the compat profiles' comparison, see
 * {@link Compat}; {@code quick} runs a tiny one after its own phases). The tables go to stdout;
 * the exit status is non-zero only if a figure could not be measured. Environment: {@code KEYWARD_ADMIN_TOKEN},
 * {@code KEYWARD_BENCH_DB} (the database bench/run created) and {@code KEYWARD_BENCH_PGUSER}.
 */
public final class Main {
    static final int CODE_LENGTH = 8;

    private Main() { }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: dev.keyward.bench.Main <workdir> [quick|full|compat|mail|mail-quick|scale|peers, joined with +]");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "full";
        Set<String> words = new LinkedHashSet<>(Arrays.asList(mode.split("\\+")));
        // --scale and --peers run alone or with other parts; quick makes the scale part tiny.
        boolean scale = words.remove("scale");
        boolean peers = words.remove("peers");
        boolean scaleQuick = scale && words.remove("quick");
        mode = words.isEmpty() ? "" : String.join("+", words);
        if (!mode.matches("|quick|full|compat|mail|mail-quick") || (mode.isEmpty() && !scale && !peers)) {
            System.err.println("bench: unknown mode " + mode);
            System.exit(2);
        }
        // Every seeded user is imported with this one plain bcrypt hash, computed once per run.
        String oldHash = Bcrypt.hash("bench-old-password");
        SmtpSink sink = new SmtpSink(CODE_LENGTH);
        int http = Setup.freeLoopbackPort();
        Setup.announcePorts(work, sink.port(), http);
        int status = 2;
        try {
            status = 0;
            if (scale) {
                String token = System.getenv().getOrDefault("KEYWARD_ADMIN_TOKEN", "");
                ScaleBench scaleBench = new ScaleBench(scaleQuick, work, http, token, oldHash, sink);
                System.out.print(scaleBench.run());
                System.out.flush();
                if (scaleBench.missing()) {
                    System.err.println("bench: some --scale figures could not be measured");
                    status = 1;
                }
            }
            status = mode.isEmpty() ? status : Math.max(status, mode.startsWith("mail") ? measureMail(work, Settings.of(mode.endsWith("quick")), http, oldHash)
                    : measure(work, mode, sink, http, oldHash));
            if (peers) {
                status = Math.max(status, measurePeers(work, sink, http, oldHash));
            }
        } catch (Throwable t) {
            status = 2;
            System.err.println("bench: could not measure: " + t);
            t.printStackTrace();
        } finally {
            sink.close();
        }
        System.exit(status);
    }

    /** bench/run --mail: relay throughput with many SMTP servers next to one ({@link MailBench}). */
    private static int measureMail(Path work, Settings s, int http, String oldHash) throws Exception {
        String token = System.getenv().getOrDefault("KEYWARD_ADMIN_TOKEN", "");
        Load load = new Load(http, new CpuSampler(work.resolve("server.pid")), new Figures());
        Setup setup = new Setup(http, token, load);
        setup.waitForServer(60);
        System.out.print(new MailBench(s, load, setup, token, oldHash).run());
        System.out.flush();
        return 0;
    }

    /** bench/run --peers: Keyward next to Keycloak ({@link Peers}); stops bench/run's server. */
    private static int measurePeers(Path work, SmtpSink sink, int http, String oldHash) throws Exception {
        Load load = new Load(http, new CpuSampler(work.resolve("server.pid")), new Figures());
        Setup setup = new Setup(http, System.getenv().getOrDefault("KEYWARD_ADMIN_TOKEN", ""), load);
        setup.waitForServer(60);
        PeersReport report = new Peers(work, sink, setup, load, oldHash).run();
        System.out.print(report.render());
        System.out.flush();
        return report.missing() ? 1 : 0;
    }

    /** Sets up, runs every round and prints the table(s); returns the exit status. */
    private static int measure(Path work, String mode, SmtpSink sink, int http, String oldHash) throws Exception {
        boolean compatOnly = mode.equals("compat");
        Settings s = Settings.of(mode.equals("quick"));
        // --compat runs the comparison alone; --quick adds a tiny one after its own phases.
        CompatSettings cs = mode.equals("full") ? null : CompatSettings.of(mode.equals("quick"));
        int benchUsers = compatOnly ? 0 : s.seedUsers();
        int users = benchUsers + (cs == null ? 0 : cs.users());
        CpuSampler cpu = new CpuSampler(work.resolve("server.pid"));
        Setup setup = new Setup(http, System.getenv().getOrDefault("KEYWARD_ADMIN_TOKEN", ""),
                new Load(http, cpu, new Figures()));
        setup.waitForServer(60);
        String projectId = setup.createProject(CODE_LENGTH);
        if (cs != null) {
            setup.enableCompat(projectId);
        }
        long t0 = System.nanoTime();
        setup.seed(projectId, users, oldHash);
        Log.log("seeded %d users in %.1f s", users, Log.secs(t0));
        ResetApi api = new ResetApi(projectId);
        int cores = Runtime.getRuntime().availableProcessors();
        boolean missing = false;

        if (!compatOnly) {
            Figures figures = new Figures();
            figures.note("PostgreSQL " + new Psql(System.getenv("KEYWARD_BENCH_DB")).settings());
            Load load = new Load(http, cpu, figures);
            Addresses addresses = new Addresses(s.seedUsers());
            Pgbench pgbench = new Pgbench(work, System.getenv().getOrDefault("KEYWARD_BENCH_PGUSER", "postgres"),
                    System.getenv("KEYWARD_BENCH_DB"), projectId, cpu, figures);
            new Benchmark(s, figures, new Phases(s, load, api, addresses, sink, figures),
                    new Relay(s, load, api, addresses, sink, figures), pgbench).run();
            Report report = new Report(figures, s, cores);
            System.out.print(report.render());
            System.out.flush();
            missing = report.missing();
        }

        if (cs != null) {
            // Its own figures and addresses (the seeded users after the main run's, other unknown addresses).
            Figures figures = new Figures();
            Load load = new Load(http, cpu, figures);
            Addresses addresses = new Addresses(benchUsers, users, "compat-nobody");
            new Compat(cs, load, api, new CompatApi(projectId), addresses, sink,
                    new Relay(s, load, api, addresses, sink, figures), figures).run();
            CompatReport report = new CompatReport(figures, cs, cores);
            System.out.print((compatOnly ? "" : "\n") + report.render());
            System.out.flush();
            missing |= report.missing();
        }
        if (missing) {
            System.err.println("bench: some figures could not be measured (n/a)");
            return 1;
        }
        return 0;
    }
}
