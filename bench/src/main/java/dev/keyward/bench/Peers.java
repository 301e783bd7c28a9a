package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run --peers}: Keyward side by side with Keycloak, one at a time on this machine and
 * the same SMTP sink. First the workloads ({@link PeerWorkloads}) on the Keyward server bench/run
 * started; then that server is stopped, a fresh Keyward process is started the way the README
 * does, timed to ready and left idle for its RSS; then Keycloak is started in dev mode on its own
 * database, timed and measured idle the same way, set up and given the same workloads.
 */
final class Peers {
    /** A server under test: one password login, one reset email, for user {@link Addresses#known(int)}. */
    interface Side {
        Resp login(Conn c, int user) throws Exception;

        Resp reset(Conn c, int user) throws Exception;

        /** The status of a reset email that was accepted. */
        int resetOk();
    }

    /** The seeded users' password: Main hashes this one for the Keyward import. */
    static final String PASSWORD = "bench-old-password";
    /** Users 0..LOGIN_USERS-1 log in; the others each get one reset email. */
    static final int LOGIN_USERS = 64;
    static final int USERS = LOGIN_USERS + 10_000;
    static final int IDLE_SECONDS = 10;
    static final String README_START = "java -jar server/target/keyward-server.jar";

    private final Path work;
    private final SmtpSink sink;
    private final Setup setup;
    private final Load load;
    private final String oldHash;
    private final Figures figures = new Figures();
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    private String kcHashing = "unknown";

    Peers(Path work, SmtpSink sink, Setup setup, Load load, String oldHash) {
        this.work = work;
        this.sink = sink;
        this.setup = setup;
        this.load = load;
        this.oldHash = oldHash;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> databases.forEach(Peers::drop), "drop-peer-databases"));
    }

    /** Measures both and returns the report (render it for the table). */
    PeersReport run() throws Exception {
        Path home = Keycloak.install(Path.of("bench/target/peers").toAbsolutePath());
        String projectId = setup.createProject(Main.CODE_LENGTH);
        long t0 = System.nanoTime();
        setup.seed(projectId, USERS, oldHash);
        Log.log("peers: seeded %d Keyward users in %.1f s", USERS, Log.secs(t0));
        ResetApi api = new ResetApi(projectId);
        Side keyward = new Side() {
            @Override
            public Resp login(Conn c, int user) throws IOException {
                return c.post("/api/auth/local/login", "{\"email\":\"" + Addresses.known(user) + "\",\"password\":\"" + PASSWORD
                        + "\",\"projectId\":\"" + projectId + "\"}");
            }

            @Override
            public Resp reset(Conn c, int user) throws IOException {
                return api.request(c, Addresses.known(user));
            }

            @Override
            public int resetOk() {
                return 200;
            }
        };
        PeerWorkloads workloads = new PeerWorkloads(figures, sink);
        CpuSampler cpu = new CpuSampler(work.resolve("server.pid"));
        workloads.run("kw", "Keyward", keyward, load, cpu);
        long serverPid = Long.parseLong(Files.readString(work.resolve("server.pid")).trim());
        figures.put("kw.rss.after", Spawned.rssMb(serverPid));
        Spawned.stopPid(serverPid);
        Log.log("peers: stopped bench/run's Keyward server; starting a fresh one for start-to-ready and idle RSS");
        freshKeyward();
        keycloak(home, workloads);
        figures.note("Keycloak's password hashing (its realm default, read from a user's credential): " + kcHashing);
        return new PeersReport(figures, Keycloak.VERSION, readmeStart(), Runtime.version().toString());
    }

    /** A second Keyward process, started as the README says, on a fresh PostgreSQL database. */
    private void freshKeyward() throws Exception {
        String db = create("keyward_peers");
        int port = Setup.freeLoopbackPort();
        Path data = Files.createTempDirectory(work, "peers-keyward");
        String url = "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/" + db
                + "?user=" + env("PGUSER", "postgres");
        Map<String, String> env = Map.of("KEYWARD_PORT", Integer.toString(port), "KEYWARD_DATA_DIR", data.toString(),
                "KEYWARD_DB_URL", url, "KEYWARD_SMTP_HOST", "127.0.0.1", "KEYWARD_SMTP_PORT", Integer.toString(sink.port()),
                "KEYWARD_SMTP_SECURITY", "none");
        try (Spawned p = Spawned.start(List.of("bash", "-c", "exec " + readmeStart()), env, Path.of("").toAbsolutePath(),
                work.resolve("peers-keyward.log"))) {
            figures.put("kw.ready", p.awaitReady(port, "/health/ready", 120));
            idle("kw", p.javaPid());
        } finally {
            drop(db);
            databases.remove(db);
        }
    }

    /**
     * Keycloak on a fresh database. If this copy first had to build its configuration (its first
     * run, about 20 s), that start is thrown away and Keycloak started again, so the time is a plain start's.
     */
    private void keycloak(Path home, PeerWorkloads workloads) throws Exception {
        Path log = work.resolve("keycloak.log").toAbsolutePath();
        for (int attempt = 1; ; attempt++) {
            String db = create("keycloak_peers");
            int port = Setup.freeLoopbackPort();
            Keycloak kc = Keycloak.start(home, db, log, port, Setup.freeLoopbackPort());
            try (Spawned p = kc.process()) {
                double ready = p.awaitReady(kc.managementPort(), "/health/ready", 300);
                if (attempt == 1 && Files.readString(log).contains("Quarkus augmentation completed")) {
                    Log.log("peers: Keycloak built its configuration first (first run of this copy); starting it again");
                    continue;
                }
                figures.put("kc.ready", ready);
                long pid = p.javaPid();
                Files.writeString(work.resolve("keycloak.pid"), pid + "\n");
                idle("kc", pid);
                long t0 = System.nanoTime();
                kc.setUp(sink.port(), USERS, LOGIN_USERS, PASSWORD);
                Log.log("peers: Keycloak realm with %d users set up in %.1f s", USERS, Log.secs(t0));
                kcHashing = kc.passwordHashing();
                CpuSampler cpu = new CpuSampler(work.resolve("keycloak.pid"));
                workloads.run("kc", "Keycloak", kc, new Load(port, cpu, figures), cpu);
                figures.put("kc.rss.after", Spawned.rssMb(pid));
                return;
            } catch (Exception e) {
                Log.log("peers: Keycloak failed; the end of %s:", log);
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
                throw e;
            } finally {
                drop(db);
                databases.remove(db);
            }
        }
    }

    /** Idle RSS: {@link #IDLE_SECONDS} after ready, no traffic. */
    private void idle(String side, long pid) throws InterruptedException {
        Thread.sleep(IDLE_SECONDS * 1000L);
        figures.put(side + ".rss", Spawned.rssMb(pid));
    }

    private String create(String prefix) throws IOException, InterruptedException {
        String db = prefix + "_" + ProcessHandle.current().pid();
        Spawned.psql("CREATE DATABASE " + db);
        databases.add(db);
        return db;
    }

    private static void drop(String db) {
        try {
            Spawned.psql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (IOException | InterruptedException e) {
            System.err.println("bench: could not drop database " + db);
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    /** The README's start command (the part after "&&" on its "mvn ... package" line), read from README.md. */
    static String readmeStart() {
        try {
            return startCommand(Files.readString(Path.of("README.md")));
        } catch (IOException e) {
            return README_START;
        }
    }

    /** The start command in a README's "The two commands" section; {@link #README_START} if none is found. */
    static String startCommand(String readme) {
        int at = readme.indexOf("## The two commands");
        Matcher m = Pattern.compile("(?m)^mvn [^\\n]*&&\\s*([^\\n]+?)\\s*$").matcher(readme);
        return at >= 0 && m.find(at) ? m.group(1) : README_START;
    }
}
