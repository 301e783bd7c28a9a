package dev.keyward.ops;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.config.Keys;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.TestDatabases;
import dev.keyward.support.TestServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A2 under load (issue 16, point 6): 8 clients send a burst of reset requests to the real jar on
 * PostgreSQL; the process is killed with SIGKILL mid-burst, while requests are in flight and the
 * outbox holds unsent rows, and started again on the same database. Every request answered 200
 * for an account gets its mail, with a code that works; no unknown address gets mail; no address
 * gets two different codes. A mail the SMTP server accepted just before the kill, whose row was
 * not yet marked sent, goes out again after the restart: delivery is at least once. Such a copy
 * has the same Message-ID, and there are at most as many as sends were in flight at the kill (the
 * default lane's SMTP connections). Copies of rows whose send failed after the SMTP server took the
 * mail (a reply timed out on a busy machine; the servers log such attempts) are reported, not counted
 * against that bound: that is the retry of M2, not the crash.
 */
class CrashUnderLoadIT {
    private static final Path JAR = Path.of("target/keyward-server.jar");
    private static final String SUBJECT = "Your password reset code";
    private static final int CLIENTS = 8;
    private static final int ACCOUNTS = 300;
    private static final int UNKNOWN = 60;
    private static final int KILL_AFTER_RESPONSES = 150;
    private static final int SMTP_CONNECTIONS = 2;
    private static final int SMTP_TIMEOUT_MILLIS = 2_000;
    /** The shortest lease the server accepts with that timeout: what the restart waits for the dead process's rows. */
    private static final int LEASE_MILLIS = 4 * SMTP_TIMEOUT_MILLIS + 10_000;
    private static final String HASH = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private enum Outcome { OK, REFUSED_BY_STATUS, UNKNOWN, NOT_SENT }

    private record Server(Process process, Api api) { }

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private GreenMail smtp;
    private String dbUrl;

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (smtp != null) {
            smtp.stop();
        }
        if (dbUrl != null) {
            TestDatabases.dropPostgres(dbUrl);
        }
    }

    @Test
    void aBurstOfResetsSurvivesAKill9EveryAnsweredRequestIsMailedOnceWithAWorkingCode() throws Exception {
        assertThat(JAR).as("the shaded jar, built by mvn package").exists();
        dbUrl = TestDatabases.freshUrl("postgres");
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        long t0 = System.nanoTime();

        Server firstServer = start("first");
        Process first = firstServer.process();
        Api api = firstServer.api();
        log("first server ready in %d ms", ms(t0));
        String project = Fixtures.project(api, true).id();
        List<String> accounts = importAccounts(api, project);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < UNKNOWN; i++) {
            unknown.add(Fixtures.uniqueEmail("nobody"));
        }
        List<String> addresses = new ArrayList<>(accounts);
        addresses.addAll(unknown);
        Collections.shuffle(addresses, new java.util.Random(16));
        log("set up in %d ms", ms(t0));

        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        addresses.forEach(a -> outcomes.put(a, Outcome.NOT_SENT));
        AtomicInteger responses = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI resetUrl = URI.create(api.base() + "/api/auth/local/password-reset");
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long burst = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                int i;
                while (!killed.get() && (i = next.getAndIncrement()) < addresses.size()) {
                    String address = addresses.get(i);
                    inFlight.incrementAndGet();
                    outcomes.put(address, Outcome.UNKNOWN);
                    try {
                        HttpResponse<String> r = post(http, resetUrl, Map.of("email", address, "projectId", project));
                        outcomes.put(address, r.statusCode() == 200 ? Outcome.OK : Outcome.REFUSED_BY_STATUS);
                        responses.incrementAndGet();
                    } catch (IOException e) {
                        // Connection refused or reset by the kill: the request may or may not have committed.
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
                return null;
            }));
        }

        // The kill comes once enough requests were answered, while mail is being sent and some rows
        // still wait in the outbox (claimed or not); if the relay keeps up, at the latest when the burst ends.
        await("responses before the kill", 120, () -> responses.get() >= KILL_AFTER_RESPONSES
                || running.stream().allMatch(Future::isDone));
        await("a first mail before the kill", 30, () -> smtp.getReceivedMessages().length > 0);
        long pollUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            while (pending(db) == 0 && !running.stream().allMatch(Future::isDone) && System.nanoTime() < pollUntil) {
                Thread.sleep(2);
            }
        }
        killed.set(true);
        int inFlightAtKill = inFlight.get();
        int mailsAtKill = smtp.getReceivedMessages().length;
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the first server died").isTrue();
        // 128 + 9: the JVM got SIGKILL, no shutdown hook or relay close ran.
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        long killedAt = System.nanoTime();
        Map<String, Long> atKill;
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            atKill = outboxState(db);
        }
        Map<Outcome, Long> counts = new TreeMap<>(outcomes.values().stream()
                .collect(Collectors.groupingBy(o -> o, Collectors.counting())));
        log("burst of %d ms; killed with %d requests in flight, %d mails received; outcomes %s; outbox after the kill %s",
                (killedAt - burst) / 1_000_000, inFlightAtKill, mailsAtKill, counts, atKill);
        assertThat(counts.getOrDefault(Outcome.REFUSED_BY_STATUS, 0L)).as("every answered request was a 200").isZero();

        Api restarted = start("second").api();
        Set<String> accountSet = new HashSet<>(accounts);
        List<String> answered = accounts.stream().filter(a -> outcomes.get(a) == Outcome.OK).toList();
        assertThat(answered).as("200s for accounts before the kill").isNotEmpty();
        Set<String> missing = new HashSet<>(answered);
        long waitSeconds = LEASE_MILLIS / 1000 + 45;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                missing.remove(((InternetAddress) m.getAllRecipients()[0]).getAddress());
            }
            Thread.sleep(250);
        }
        assertThat(missing).as("addresses answered 200 whose reset mail did not arrive within " + waitSeconds
                + " s of the restart (the lease is " + LEASE_MILLIS + " ms)").isEmpty();
        log("every answered account mailed %d ms after the kill", ms(killedAt));
        Map<String, Long> rowOf = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            await("the outbox to drain after the restart", waitSeconds, () -> pending(db) == 0);
            assertThat(outboxState(db)).as("no mail dead-lettered or still pending")
                    .doesNotContainKeys("dead", "pending", "pending, leased");
            String rows = "SELECT recipient, id FROM outbox WHERE recipient IS NOT NULL";
            try (ResultSet rs = db.createStatement().executeQuery(rows)) {
                while (rs.next()) {
                    assertThat(rowOf.put(rs.getString(1), rs.getLong(2))).as("one row per address").isNull();
                }
            }
        }
        Keys keys = new Keys(TestServer.SECRET);

        List<Mailbox.Mail> mails = Mailbox.all(smtp);
        Map<String, List<Mailbox.Mail>> byAddress = new LinkedHashMap<>();
        Map<String, List<Mailbox.Mail>> byMessageId = new LinkedHashMap<>();
        for (Mailbox.Mail m : mails) {
            assertThat(m.subject()).isEqualTo(SUBJECT);
            assertThat(rowOf).as("mail for a row of the outbox").containsKey(m.to());
            assertThat(m.messageId()).as("the Message-ID of the row's mail, keyed, named after the server's public host")
                    .isEqualTo("<" + keys.messageId(project, rowOf.get(m.to())) + ".outbox@localhost>");
            byAddress.computeIfAbsent(m.to(), k -> new ArrayList<>()).add(m);
            byMessageId.computeIfAbsent(m.messageId(), k -> new ArrayList<>()).add(m);
        }
        assertThat(byAddress.keySet()).as("mail only to accounts; none to an unknown address").isSubsetOf(accountSet);
        assertThat(byAddress.keySet().stream().filter(a -> outcomes.get(a) == Outcome.NOT_SENT).toList())
                .as("mail only to addresses a request was sent for").isEmpty();
        Map<String, String> codes = new LinkedHashMap<>();
        byAddress.forEach((address, list) -> {
            Set<String> distinct = list.stream().map(m -> Mailbox.codeIn(m.text())).collect(Collectors.toSet());
            assertThat(distinct).as("one code for " + address + " (one request each)").hasSize(1);
            assertThat(list.stream().map(Mailbox.Mail::messageId).distinct()).as("copies to " + address
                    + " are one message").hasSize(1);
            codes.put(address, distinct.iterator().next());
        });
        // A send that failed after the SMTP server took the mail (a reply lost to a timeout on a busy
        // machine) is retried and copied too, with the same Message-ID: at least once, not a crash copy.
        Set<String> retried = retriedRows().stream().map(id -> "<" + keys.messageId(project, id) + ".outbox@localhost>")
                .collect(Collectors.toSet());
        int duplicates = mails.size() - byMessageId.size();
        int crashCopies = 0;
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, List<Mailbox.Mail>> e : byMessageId.entrySet()) {
            int copies = e.getValue().size() - 1;
            if (copies > 0) {
                boolean afterFailure = retried.contains(e.getKey());
                crashCopies += afterFailure ? 0 : copies;
                copied.add(e.getKey() + " x" + e.getValue().size() + (afterFailure ? " (after a failed attempt)" : ""));
            }
        }
        log("%d mails for %d outbox rows: %d raw duplicate(s) %s; %d row(s) retried after a failed attempt; bound: %d"
                + " sends in flight at the kill", mails.size(), byMessageId.size(), duplicates, copied, retried.size(),
                SMTP_CONNECTIONS);
        assertThat(crashCopies).as("copies of a mail sent again after the restart: at most the sends in flight at the kill "
                + copied).isLessThanOrEqualTo(SMTP_CONNECTIONS);

        long confirming = System.nanoTime();
        URI confirmUrl = URI.create(restarted.base() + "/api/auth/local/password-reset/confirm");
        ExecutorService confirms = Executors.newFixedThreadPool(CLIENTS);
        try {
            Map<String, Future<HttpResponse<String>>> results = new LinkedHashMap<>();
            for (String address : answered) {
                Map<String, String> body = Map.of("email", address, "projectId", project, "otp", codes.get(address),
                        "newPassword", "a new passphrase after the crash");
                results.put(address, confirms.submit(() -> post(http, confirmUrl, body)));
            }
            for (Map.Entry<String, Future<HttpResponse<String>>> e : results.entrySet()) {
                HttpResponse<String> r = e.getValue().get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as("the mailed code of " + e.getKey() + " works: " + r.body()).isEqualTo(200);
            }
        } finally {
            confirms.shutdownNow();
        }
        log("%d codes confirmed in %d ms; whole test %d ms", answered.size(), ms(confirming), ms(t0));
    }

    /** Imports the accounts with a bcrypt hash (no hashing) over 8 connections. */
    private static List<String> importAccounts(Api api, String project) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                created.add(pool.submit(() -> {
                    String email = Fixtures.uniqueEmail("crash");
                    URI uri = URI.create(api.base() + "/api/admin/projects/" + project + "/users");
                    HttpResponse<String> r = post(http, uri, Map.of("email", email, "passwordHash", HASH,
                            "emailVerified", true), Fixtures.operator());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    return email;
                }));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : created) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A JSON POST without {@link Api}'s check against openapi.yaml: hundreds would take CPU from the server. */
    private static HttpResponse<String> post(HttpClient http, URI uri, Object body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Api.json(body)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The real jar in its own JVM on a free port, ready to serve; same database, secret and SMTP each time. */
    private Server start(String name) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Server server = start(name, port);
            // Another process took the free port between the check and the start: pick another one.
            if (server != null) {
                return server;
            }
            if (attempt == 3) {
                throw new AssertionError("the " + name + " server found no free port in 3 tries");
            }
        }
    }

    private Server start(String name, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KEYWARD_"));
        Map<String, String> env = pb.environment();
        env.put("KEYWARD_PORT", String.valueOf(port));
        env.put("KEYWARD_DB_URL", dbUrl);
        env.put("KEYWARD_SECRET", TestServer.SECRET);
        env.put("KEYWARD_ADMIN_TOKEN", TestServer.OPERATOR_TOKEN);
        env.put("KEYWARD_BCRYPT_COST", "4");
        env.put("KEYWARD_IP_LIMIT_PER_MINUTE", "1000000");
        env.put("KEYWARD_SMTP_HOST", "127.0.0.1");
        env.put("KEYWARD_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("KEYWARD_SMTP_SECURITY", "none");
        env.put("KEYWARD_SMTP_ALLOW_PRIVATE", "true");
        env.put("KEYWARD_SMTP_CONNECTIONS_PER_SERVER", String.valueOf(SMTP_CONNECTIONS));
        env.put("KEYWARD_SMTP_TIMEOUT_MS", String.valueOf(SMTP_TIMEOUT_MILLIS));
        env.put("KEYWARD_MAIL_LEASE_MS", String.valueOf(LEASE_MILLIS));
        env.put("KEYWARD_DATA_DIR", Files.createDirectories(dir.resolve(name + "-data")).toString());
        Process p = pb.start();
        processes.add(p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                if (p.exitValue() == 1 && Files.readString(dir.resolve(name + ".err")).contains("already in use")) {
                    return null;
                }
                throw new AssertionError("the " + name + " server exited with " + p.exitValue() + ": "
                        + Files.readString(dir.resolve(name + ".err")) + Files.readString(dir.resolve(name + ".out")));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return new Server(p, new Api("http://127.0.0.1:" + port));
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the " + name + " server was not ready within 90 s: "
                + Files.readString(dir.resolve(name + ".out")));
    }

    /** Outbox rows whose send failed at least once, as the servers logged them. */
    private Set<Long> retriedRows() throws IOException {
        Set<Long> out = new HashSet<>();
        Pattern failed = Pattern.compile("(?m)^.*outbox row ([0-9]+) attempt [0-9]+ failed.*$");
        for (String name : List.of("first.out", "second.out")) {
            Matcher m = failed.matcher(Files.readString(dir.resolve(name)));
            while (m.find()) {
                out.add(Long.parseLong(m.group(1)));
                log("%s server: %s", name.replace(".out", ""), m.group());
            }
        }
        return out;
    }

    private static long pending(Connection db) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Outbox rows by status; pending rows a dead process had claimed show as "pending, leased". */
    private static Map<String, Long> outboxState(Connection db) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        long now = System.currentTimeMillis();
        try (ResultSet rs = db.createStatement().executeQuery("""
                SELECT CASE WHEN status = 'pending' AND attempts > 0 AND next_attempt_at > %d THEN 'pending, leased'
                    ELSE status END, count(*) FROM outbox GROUP BY 1""".formatted(now))) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void await(String what, long seconds, SqlCondition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private interface SqlCondition {
        boolean holds() throws SQLException;
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.println("CrashUnderLoadIT: " + String.format(format, args));
    }
}
