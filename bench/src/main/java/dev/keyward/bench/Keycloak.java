package dev.keyward.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak for {@code bench/run --peers}: fetched with Maven (the {@code keycloak-quarkus-dist} zip
 * from Maven Central) into a cache under bench/target, started in dev mode on the loopback address
 * against its own PostgreSQL database, and set up over its admin REST API: a realm with a public
 * client that allows the password grant, SMTP to the driver's sink, and the seeded users.
 */
final class Keycloak implements Peers.Side {
    static final String VERSION = "26.7.3";
    static final String REALM = "bench";
    private static final String CLIENT = "bench";
    private static final String ADMIN = "bench-admin";
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ADDED = Pattern.compile("\"resourceName\"\\s*:\\s*\"user(\\d+)\"\\s*,\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final int port;
    private final int managementPort;
    private final String adminPassword;
    private final Spawned process;
    private String[] ids;
    private String adminToken;
    private long adminTokenAt;

    private Keycloak(int port, int managementPort, Spawned process, String adminPassword) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.adminPassword = adminPassword;
    }

    /** The unpacked distribution in {@code cache}, fetched with Maven and unzipped first if it is not there yet. */
    static Path install(Path cache) throws IOException, InterruptedException {
        Path home = cache.resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Files.createDirectories(cache);
        Path zip = cache.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            Log.log("peers: fetching org.keycloak:keycloak-quarkus-dist:%s:zip with Maven", VERSION);
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:copy",
                    "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip", "-DoutputDirectory=" + cache)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(cache.resolve("fetch.log").toFile()))
                    .start();
            if (!mvn.waitFor(15, TimeUnit.MINUTES) || mvn.exitValue() != 0 || !Files.isRegularFile(zip)) {
                throw new IOException("could not fetch Keycloak with Maven, see " + cache.resolve("fetch.log"));
            }
        }
        // Unpacked next to it and renamed when complete, so a half-unpacked copy is never reused.
        Path tmp = Files.createTempDirectory(cache, "unzip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = tmp.resolve(e.getName()).normalize();
                if (!to.startsWith(tmp)) {
                    throw new IOException("bad zip entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    to.toFile().setExecutable(e.getName().endsWith(".sh"));
                }
            }
        }
        Files.move(tmp.resolve("keycloak-" + VERSION), home);
        Files.delete(tmp);
        return home;
    }

    /**
     * Starts {@code kc.sh start-dev} on 127.0.0.1 (HTTP and management ports picked free) with the
     * driver's own JVM as JAVA_HOME, against {@code db} on bench/run's PostgreSQL, with
     * health checks on and theme caching back on (dev mode re-reads the mail templates for every
     * mail; Keyward has no such mode); the bootstrap admin comes from the environment.
     */
    static Keycloak start(Path home, String db, Path log, int port, int managementPort) throws IOException {
        String pg = "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/" + db;
        String password = UUID.randomUUID().toString();
        Spawned p = Spawned.start(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                        "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                        "--health-enabled=true", "--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true",
                        "--db=postgres", "--db-url=" + pg, "--db-username=" + env("PGUSER", "postgres")),
                Map.of("JAVA_HOME", System.getProperty("java.home"),
                        "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", password),
                home, log);
        return new Keycloak(port, managementPort, p, password);
    }

    Spawned process() {
        return process;
    }

    /** Where {@code /health/ready} answers. */
    int managementPort() {
        return managementPort;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    /**
     * Creates the realm (SMTP to the sink, a public client with direct access grants) and imports
     * users 0..users-1 like {@link Addresses#known(int)}; the first {@code withPassword} of them get
     * {@code password}, hashed by Keycloak with the realm's default algorithm.
     */
    void setUp(int smtpPort, int users, int withPassword, String password) throws IOException {
        try (Conn c = new Conn(port)) {
            c.request("POST", "/admin/realms", "{\"realm\":\"" + REALM + "\",\"enabled\":true,\"smtpServer\":{\"host\":\"127.0.0.1\","
                    + "\"port\":\"" + smtpPort + "\",\"from\":\"bench@bench.test\"},\"clients\":[{\"clientId\":\"" + CLIENT + "\","
                    + "\"publicClient\":true,\"directAccessGrantsEnabled\":true,\"standardFlowEnabled\":false}]}",
                    adminAuth()).require(201, "create realm");
            ids = new String[users];
            for (int from = 0; from < users; from += 1000) {
                StringBuilder b = new StringBuilder("{\"ifResourceExists\":\"FAIL\",\"users\":[");
                for (int k = from; k < Math.min(users, from + 1000); k++) {
                    b.append(k == from ? "" : ",").append("{\"username\":\"user").append(k).append("\",\"email\":\"")
                            .append(Addresses.known(k)).append("\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"B\",\"lastName\":\"U\"");
                    if (k < withPassword) {
                        b.append(",\"credentials\":[{\"type\":\"password\",\"temporary\":false,\"value\":\"").append(password).append("\"}]");
                    }
                    b.append('}');
                }
                Matcher m = ADDED.matcher(c.request("POST", "/admin/realms/" + REALM + "/partialImport", b.append("]}").toString(),
                        adminAuth()).require(200, "import users").body());
                while (m.find()) {
                    ids[Integer.parseInt(m.group(1))] = m.group(2);
                }
            }
            for (int k = 0; k < users; k++) {
                if (ids[k] == null) {
                    throw new IllegalStateException("Keycloak did not import user" + k);
                }
            }
        }
    }

    /** How Keycloak stored the first user's password: its credentialData (algorithm, iterations, parameters). */
    String passwordHashing() throws IOException {
        try (Conn c = new Conn(port)) {
            String body = c.request("GET", "/admin/realms/" + REALM + "/users/" + ids[0] + "/credentials", null, adminAuth()).body();
            Matcher m = Pattern.compile("\"credentialData\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            return m.find() ? m.group(1).replace("\\\"", "\"") : "unknown";
        }
    }

    @Override
    public Resp login(Conn c, int user) throws IOException {
        return c.send("POST", "/realms/" + REALM + "/protocol/openid-connect/token", "application/x-www-form-urlencoded",
                "grant_type=password&client_id=" + CLIENT + "&username=" + URLEncoder.encode(Addresses.known(user), StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(Peers.PASSWORD, StandardCharsets.UTF_8));
    }

    /** Keycloak's reset email: the admin API's execute-actions-email with UPDATE_PASSWORD, sent inside the request. */
    @Override
    public Resp reset(Conn c, int user) throws IOException {
        return c.request("PUT", "/admin/realms/" + REALM + "/users/" + ids[user] + "/execute-actions-email",
                "[\"UPDATE_PASSWORD\"]", adminAuth());
    }

    /** execute-actions-email answers 204 No Content once the mail is sent. */
    @Override
    public int resetOk() {
        return 204;
    }

    /** "Authorization: Bearer ..." with a master-realm admin token, renewed every 30 s (it lives 60 s). */
    synchronized String adminAuth() throws IOException {
        if (adminToken == null || System.nanoTime() - adminTokenAt > TimeUnit.SECONDS.toNanos(30)) {
            try (Conn c = new Conn(port)) {
                Resp r = c.send("POST", "/realms/master/protocol/openid-connect/token", "application/x-www-form-urlencoded",
                        "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password=" + adminPassword)
                        .require(200, "admin token");
                Matcher m = TOKEN.matcher(r.body());
                if (!m.find()) {
                    throw new IllegalStateException("no access_token in " + r.body());
                }
                adminToken = m.group(1);
                adminTokenAt = System.nanoTime();
            }
        }
        return "Authorization: Bearer " + adminToken;
    }
}
