package dev.keyward.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: a wrong SMTP password shows up in the test send's answer and in the dead letters' last
 * error (never as a 5xx, never with the credentials), and a dead letter is retried only while what
 * it carries can still be used. A dedicated server per database, whose clock the tests move.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class DeadLetterIT {
    private static final String LOGIN = "mailer";
    private static final String RIGHT = "right-password-0d5e";
    private static final String WRONG = "wrong-password-91c4";
    private static GreenMail authenticating;

    @Parameter
    String db;

    @BeforeAll
    static void startServer() {
        authenticating = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@alpha.example", LOGIN, RIGHT));
        authenticating.start();
    }

    @AfterAll
    static void stopServer() {
        authenticating.stop();
    }

    private interface Body {
        void run(TestServer server, Api api, Db db, String project) throws Exception;
    }

    /** A dedicated server and a project whose codes live an hour, sending through the authenticating GreenMail. */
    private void withProject(Body body) throws Exception {
        TestServer server = TestServer.dedicated(db, Map.of());
        try {
            Api api = server.api;
            String project = Fixtures.project(api, false).id();
            api.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", 6, "alphabet", "numeric",
                    "ttlSeconds", 3600, "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5,
                    "maxFailuresPerDay", 10), Fixtures.operator());
            smtp(api, project, WRONG);
            body.run(server, api, new Db(server), project);
        } finally {
            server.close();
        }
    }

    private static void smtp(Api api, String project, String password) {
        Map<String, Object> s = new LinkedHashMap<>(ProjectMailIT.smtp(authenticating.getSmtp().getPort(), "Alpha",
                "mailer@alpha.example"));
        s.put("username", LOGIN);
        s.put("password", password);
        assertThat(api.put("/api/admin/projects/" + project + "/smtp", s, Fixtures.operator()).status()).isEqualTo(200);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Lets the row to this address fail for real, then makes that its next-to-last attempt (the
     * eight-attempt schedule itself is MailDeliveryIT's), so the next failure dead-letters it. A
     * claim in flight meanwhile finds its count changed and leaves the row alone.
     */
    private static void failUntilDead(TestServer server, Db db, String project, String recipient, String kind)
            throws InterruptedException {
        String row = "project_id = ? AND recipient = ? AND kind = ?";
        waitFor(() -> db.count("outbox", row + " AND status = 'pending' AND attempts >= 1 AND last_error IS NOT NULL",
                project, recipient, kind) == 1, "a first failure of " + kind);
        server.app.database().jdbi().useHandle(h -> h.execute("UPDATE outbox SET attempts = 7 WHERE " + row
                + " AND status = 'pending'", project, recipient, kind));
        server.clock.advance(Duration.ofSeconds(400));
        waitFor(() -> db.count("outbox", row + " AND status = 'dead'", project, recipient, kind) == 1, kind + " dead");
    }

    @Test
    void aWrongPasswordShowsInTheTestSendAndTheLastErrorAndARetryAfterTheFixIsDelivered() throws Exception {
        withProject((server, api, db, project) -> {
            Resp test = api.post("/api/admin/projects/" + project + "/smtp/test", Map.of("to", "me@example.com"),
                    Fixtures.operator());
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.json().get("ok").asBoolean()).isFalse();
            assertThat(test.field("reply")).contains("535").doesNotContain(WRONG).doesNotContain(LOGIN);

            String email = Fixtures.uniqueEmail("dead");
            Users.register(api, project, email, Users.PASSWORD);
            Users.requestReset(api, project, email);
            failUntilDead(server, db, project, email, "reset_code");
            Resp list = api.get("/api/admin/projects/" + project + "/mail/dead-letters", Fixtures.operator());
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            var dead = list.json().get("deadLetters").get(0);
            assertThat(dead.get("kind").asText()).isEqualTo("reset_code");
            assertThat(dead.get("recipient").asText()).isEqualTo(email);
            assertThat(dead.get("attempts").asInt()).isEqualTo(8);
            assertThat(dead.get("lastError").asText()).contains("535").doesNotContain(WRONG);
            assertThat(dead.get("retryable").asBoolean()).isTrue();
            assertThat(list.body()).doesNotContain(WRONG).doesNotContain("payload");

            smtp(api, project, RIGHT);
            String path = "/api/admin/projects/" + project + "/mail/dead-letters/" + dead.get("id").asLong() + "/retry";
            Resp retried = api.post(path, null, Fixtures.operator());
            assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
            Mailbox.Mail mail = Mailbox.await(authenticating, email, "Your password reset code", 1).get(0);
            assertThat(Users.confirm(api, project, email, Mailbox.codeIn(mail.text()), "a brand new passphrase").status())
                    .as("the retried mail carries the live code").isEqualTo(200);
            assertThat(api.post(path, null, Fixtures.operator()).status()).as("retried once").isEqualTo(404);
            assertThat(api.get("/api/admin/projects/" + project + "/mail/dead-letters", Fixtures.operator()).json()
                    .get("deadLetters")).isEmpty();
        });
    }

    @Test
    void aRetryIsRefusedForSupersededOrExpiredCodesAndAllowedForMailWithoutACode() throws Exception {
        withProject((server, api, db, project) -> {
            String superseded = Fixtures.uniqueEmail("superseded");
            String expired = Fixtures.uniqueEmail("expired");
            Users.register(api, project, superseded, Users.PASSWORD);
            Users.register(api, project, expired, Users.PASSWORD);
            Users.requestReset(api, project, superseded);
            Users.requestReset(api, project, expired);
            failUntilDead(server, db, project, superseded, "reset_code");
            failUntilDead(server, db, project, expired, "reset_code");
            long supersededId = deadId(db, project, superseded);
            long expiredId = deadId(db, project, expired);
            Users.requestReset(api, project, superseded);
            Resp refused = api.post(retry(project, supersededId), null, Fixtures.operator());
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.field("error")).contains("used or replaced");

            server.clock.advance(Duration.ofHours(2));
            Resp tooLate = api.post(retry(project, expiredId), null, Fixtures.operator());
            assertThat(tooLate.status()).isEqualTo(409);
            assertThat(tooLate.field("error")).contains("expired");
            var listed = api.get("/api/admin/projects/" + project + "/mail/dead-letters", Fixtures.operator()).json()
                    .get("deadLetters");
            assertThat(listed).allSatisfy(d -> assertThat(d.get("retryable").asBoolean()).isFalse());
            server.app.janitor().purgeOnce();
            assertThat(db.count("outbox", "project_id = ? AND status = 'dead' AND payload IS NOT NULL", project))
                    .as("expired dead letters lose their sealed code").isZero();

            // "Password changed" carries no code: it may be retried however late.
            String changed = Fixtures.uniqueEmail("changed");
            Users.register(api, project, changed, Users.PASSWORD);
            smtp(api, project, RIGHT);
            Users.requestReset(api, project, changed);
            String code = Mailbox.codeIn(Mailbox.await(authenticating, changed, "Your password reset code", 1).get(0).text());
            smtp(api, project, WRONG);
            assertThat(Users.confirm(api, project, changed, code, "a brand new passphrase").status()).isEqualTo(200);
            failUntilDead(server, db, project, changed, "password_changed");
            server.clock.advance(Duration.ofDays(3));
            smtp(api, project, RIGHT);
            assertThat(api.post(retry(project, deadId(db, project, changed)), null, Fixtures.operator()).status())
                    .isEqualTo(200);
            Mailbox.await(authenticating, changed, "Your password was changed", 1);
        });
    }

    private static String retry(String project, long id) {
        return "/api/admin/projects/" + project + "/mail/dead-letters/" + id + "/retry";
    }

    private static long deadId(Db db, String project, String recipient) {
        return ((Number) db.rows("SELECT id FROM outbox WHERE project_id = ? AND recipient = ? AND status = 'dead'",
                project, recipient).get(0).get("id")).longValue();
    }
}
