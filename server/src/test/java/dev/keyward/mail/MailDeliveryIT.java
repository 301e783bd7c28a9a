package dev.keyward.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** M2, E5 and the dev mailbox, each on a dedicated server. */
class MailDeliveryIT {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void smtpOutageIsRetriedWithBackoffAndDeliveredOnceSmtpReturnsWhileExpiredCodesAreNeverSent() throws Exception {
        int port = freePort();
        TestServer server = TestServer.dedicated("postgres", Map.of("KEYWARD_SMTP_PORT", String.valueOf(port)));
        GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try {
            Api api = server.api;
            Db db = new Db(server);
            String project = Fixtures.project(api, false).id();
            String alive = Fixtures.uniqueEmail("alive");
            String doomed = Fixtures.uniqueEmail("doomed");
            Users.register(api, project, alive, Users.PASSWORD);
            Users.register(api, project, doomed, Users.PASSWORD);

            long t0 = System.nanoTime();
            Resp doomedRequest = Users.requestReset(api, project, doomed);
            assertThat(doomedRequest.status()).as("E5: SMTP down, still 200").isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            waitFor(() -> db.count("outbox", "project_id = ? AND attempts >= 1 AND last_error IS NOT NULL", project) >= 1,
                    "a failed attempt");
            server.clock.advance(Duration.ofSeconds(601));
            Users.requestReset(api, project, alive);
            server.clock.advance(Duration.ofSeconds(61));
            Users.requestReset(api, project, alive);
            waitFor(() -> db.count("outbox", "project_id = ? AND recipient = ? AND attempts >= 1 AND last_error IS NOT NULL",
                    project, alive) >= 1, "a failed attempt for the live code");
            // The row that failed backs off (2 s and more); a row the failing server's lane gave back
            // untried meanwhile waits only a second, and counts no attempt.
            var row = db.rows("SELECT attempts, next_attempt_at FROM outbox WHERE project_id = ? AND recipient = ?"
                    + " AND last_error IS NOT NULL ORDER BY id", project, alive).get(0);
            assertThat(((Number) row.get("next_attempt_at")).longValue()).isGreaterThan(server.clock.millis() + 1000);

            late.start();
            server.clock.advance(Duration.ofSeconds(30));
            waitFor(() -> late.getReceivedMessages().length >= 1, "delivery after SMTP returned");
            Thread.sleep(300);
            MimeMessage[] got = late.getReceivedMessages();
            assertThat(got).hasSize(1);
            assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo(alive);
            assertThat(db.rows("SELECT status, payload FROM outbox WHERE project_id = ? AND recipient = ?", project, doomed)
                    .get(0)).containsEntry("status", "expired").containsEntry("payload", null);
            var aliveRows = db.rows("SELECT status, payload FROM outbox WHERE project_id = ? AND recipient = ? ORDER BY id",
                    project, alive);
            assertThat(aliveRows.get(0)).as("the superseded code is never mailed")
                    .containsEntry("status", "superseded").containsEntry("payload", null);
            assertThat(aliveRows.get(1)).containsEntry("status", "sent").containsEntry("payload", null);
        } finally {
            late.stop();
            server.close();
        }
    }

    @Test
    void anSmtpServerRestartWhileTheRelayKeepsItsConnectionOpenCostsAtMostARetry() throws Exception {
        int port = freePort();
        TestServer server = TestServer.dedicated("h2", Map.of("KEYWARD_SMTP_PORT", String.valueOf(port)));
        GreenMail before = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        GreenMail after = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try {
            before.start();
            Api api = server.api;
            String project = Fixtures.project(api, false).id();
            String first = Fixtures.uniqueEmail("first");
            String second = Fixtures.uniqueEmail("second");
            Users.register(api, project, first, Users.PASSWORD);
            Users.register(api, project, second, Users.PASSWORD);
            Users.requestReset(api, project, first);
            waitFor(() -> before.getReceivedMessages().length == 1, "the first mail");
            // The relay's pooled connection now points at a server that is gone.
            before.stop();
            after.start();
            Users.requestReset(api, project, second);
            waitFor(() -> {
                server.clock.advance(Duration.ofSeconds(1)); // lets a backed-off retry fall due
                return after.getReceivedMessages().length == 1;
            }, "the second mail, on a new connection");
            assertThat(after.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(second);
            Thread.sleep(300);
            assertThat(after.getReceivedMessages()).as("sent once").hasSize(1);
        } finally {
            before.stop();
            after.stop();
            server.close();
        }
    }

    @Test
    void aRowThatKeepsFailingIsDeadLetteredAfterTheLastAttempt() throws Exception {
        int port = freePort();
        TestServer server = TestServer.dedicated("h2", Map.of("KEYWARD_SMTP_PORT", String.valueOf(port)));
        try {
            Api api = server.api;
            Db db = new Db(server);
            String project = Fixtures.project(api, false).id();
            String email = Fixtures.uniqueEmail("dead");
            Users.register(api, project, email, Users.PASSWORD);
            api.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", 6, "alphabet", "numeric",
                    "ttlSeconds", 3600, "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5,
                    "maxFailuresPerDay", 10), Fixtures.operator());
            Users.requestReset(api, project, email);
            for (int i = 1; i < OutboxRelay.MAX_ATTEMPTS; i++) {
                int attempt = i;
                // The failure (and its backoff) is recorded before this audit event; only then move time.
                waitFor(() -> db.count("audit_events", "project_id = ? AND type = 'reset.code_failed'", project) >= attempt,
                        "failed attempt " + attempt);
                server.clock.advance(Duration.ofSeconds(400));
            }
            waitFor(() -> db.count("outbox", "project_id = ? AND status = 'dead'", project) == 1, "dead letter");
            assertThat(db.rows("SELECT payload FROM outbox WHERE project_id = ?", project).get(0).get("payload"))
                    .as("kept sealed while its code can still be used, so it can be retried").isNotNull();
            assertThat(db.count("audit_events", "project_id = ? AND type = 'mail.dead'", project)).isEqualTo(1);
            server.clock.advance(Duration.ofHours(1));
            server.app.janitor().purgeOnce();
            assertThat(db.rows("SELECT payload FROM outbox WHERE project_id = ?", project).get(0))
                    .as("wiped once the code expired").containsEntry("payload", null);
        } finally {
            server.close();
        }
    }

    @Test
    void withoutSmtpTheDevMailboxShowsCapturedMailAsPageAndJson() {
        TestServer server = TestServer.dedicated("h2", java.util.Collections.singletonMap("KEYWARD_SMTP_HOST", null));
        try {
            Api api = server.api;
            String project = Fixtures.project(api, true).id();
            String email = Fixtures.uniqueEmail("dev");
            Users.register(api, project, email, Users.PASSWORD);
            waitFor(() -> api.get("/dev/mailbox?format=json").json().get("emails").size() == 1, "captured mail");
            Resp json = api.get("/dev/mailbox", "Accept", "application/json");
            assertThat(json.json().get("emails").get(0).get("subject").asText()).isEqualTo("Verify your email");
            assertThat(json.json().get("emails").get(0).get("to").asText()).isEqualTo(email);
            Resp page = api.get("/dev/mailbox");
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("Verify your email").containsPattern("<a href=\"http://localhost:9000/verify-email\\?token=[^\"]+\">");
            assertThat(Mailbox.to(email)).isEmpty();

            String other = Fixtures.uniqueEmail("other");
            Users.register(api, project, other, Users.PASSWORD);
            waitFor(() -> api.get("/dev/mailbox?format=json").json().get("emails").size() == 2, "second mail");
            Resp filtered = api.get("/dev/mailbox?format=json&to=" + other.substring(0, other.indexOf('@')));
            assertThat(filtered.json().get("emails")).hasSize(1);
            assertThat(filtered.json().get("emails").get(0).get("to").asText()).isEqualTo(other);
            assertThat(api.get("/dev/mailbox?to=" + email.substring(0, 12)).body()).contains(email).doesNotContain(other);
            // A reverse proxy on the same host makes every internet client a loopback one.
            assertThat(api.get("/dev/mailbox", "X-Forwarded-For", "203.0.113.9").status()).isEqualTo(404);
            assertThat(api.get("/dev/mailbox", "Forwarded", "for=203.0.113.9").status()).isEqualTo(404);
        } finally {
            server.close();
        }
        assertThat(TestServer.shared("h2").api.get("/dev/mailbox").status()).as("absent when SMTP is configured")
                .isEqualTo(404);
    }
}
