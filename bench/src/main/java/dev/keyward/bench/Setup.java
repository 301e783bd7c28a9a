package dev.keyward.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver's side of starting up: it picks the ports and tells bench/run (which starts the
 * server and owns the database), waits for the server, creates the benchmark project with the
 * admin API and imports the users.
 */
final class Setup {
    private final int port;
    private final String adminToken;
    private final Load load;

    Setup(int port, String adminToken, Load load) {
        this.port = port;
        this.adminToken = adminToken;
        this.load = load;
    }

    /** A port that was free on the loopback address a moment ago, for the server's HTTP. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Writes "smtp http" to {@code work/ports} in one step: bench/run waits for that file. */
    static void announcePorts(Path work, int smtpPort, int httpPort) throws IOException {
        Files.writeString(work.resolve("ports.tmp"), smtpPort + " " + httpPort + "\n");
        Files.move(work.resolve("ports.tmp"), work.resolve("ports"));
    }

    void waitForServer(int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try (Conn c = new Conn(port)) {
                if (c.get("/health/live").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("server did not start on port " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Creates the project ({@code requireEmailVerification: false}) and relaxes its OTP policy:
     * codes must outlive a round, and each benchmark address is used once per phase.
     * Returns the project id.
     */
    String createProject(int codeLength) throws IOException {
        try (Conn c = new Conn(port)) {
            Resp p = c.request("POST", "/api/admin/projects", "{\"name\":\"bench\",\"requireEmailVerification\":false}",
                    auth()).require(201, "create project");
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{24})\"").matcher(p.body());
            if (!m.find()) {
                throw new IllegalStateException("no project id in " + p.body());
            }
            String projectId = m.group(1);
            c.request("PUT", "/api/admin/projects/" + projectId + "/otp-policy",
                    "{\"length\":" + codeLength + ",\"alphabet\":\"numeric\",\"ttlSeconds\":3600,\"maxAttempts\":10,"
                            + "\"resendCooldownSeconds\":30,\"maxSendsPerHour\":20,\"maxFailuresPerDay\":100}",
                    auth()).require(200, "set otp policy");
            return projectId;
        }
    }

    /** Switches on both compat profiles (Cargo Extra, Strapi) for the project, as an operator would. */
    void enableCompat(String projectId) throws IOException {
        try (Conn c = new Conn(port)) {
            c.request("PATCH", "/api/admin/projects/" + projectId, "{\"compat\":{\"cargoExtra\":true,\"strapi\":true}}",
                    auth()).require(200, "enable compat profiles");
        }
    }

    /** Imports users {@link Addresses#known(int)} 0..n-1 on 8 connections, all with one bcrypt hash. */
    void seed(String projectId, int n, String passwordHash) throws Exception {
        AtomicInteger i = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        load.parallel(8, conn -> {
            int k;
            while ((k = i.getAndIncrement()) < n) {
                Resp r = conn.request("POST", "/api/admin/projects/" + projectId + "/users",
                        "{\"email\":\"" + Addresses.known(k) + "\",\"passwordHash\":\"" + passwordHash
                                + "\",\"firstName\":\"B\",\"lastName\":\"U\",\"emailVerified\":true}",
                        auth());
                if (r.status() != 201) {
                    failed.incrementAndGet();
                }
            }
        });
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " user imports failed");
        }
    }

    private String auth() {
        return "Authorization: Bearer " + adminToken;
    }
}
