package dev.keyward.ops;

import dev.keyward.App;
import dev.keyward.config.Config;
import dev.keyward.config.Secrets;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import dev.keyward.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A2, A3 and M3: several server processes on one PostgreSQL share every limit and the outbox. */
class ScaleOutIT {

    static App second(TestServer first, Map<String, String> overrides) throws Exception {
        return second(first, overrides, Clock.systemUTC());
    }

    private static App second(TestServer first, Map<String, String> overrides, Clock clock) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KEYWARD_PORT", "0");
        env.put("KEYWARD_DB_URL", first.dbUrl);
        env.put("KEYWARD_ADMIN_TOKEN", TestServer.OPERATOR_TOKEN);
        env.put("KEYWARD_SECRET", TestServer.SECRET);
        env.put("KEYWARD_BCRYPT_COST", "4");
        env.put("KEYWARD_SMTP_HOST", "127.0.0.1");
        env.put("KEYWARD_SMTP_PORT", String.valueOf(TestServer.greenMail().getSmtp().getPort()));
        env.put("KEYWARD_SMTP_SECURITY", "none");
        env.put("KEYWARD_IP_LIMIT_PER_MINUTE", "100000");
        env.put("KEYWARD_DATA_DIR", java.nio.file.Files.createTempDirectory("keyward-second").toString());
        env.putAll(overrides);
        Config config = Config.fromEnvironment(env);
        return new App(config, Secrets.load(config, new SecureRandom()), clock, new SecureRandom()).start();
    }

    /**
     * Each process keeps projects in memory (ProjectCache) and checks their settings version on
     * every public request: a change made through one process applies to the very next request
     * served by the other, with no waiting and no invalidation message.
     */
    @Test
    void settingsChangedThroughOneProcessApplyToTheNextRequestOfTheOther() throws Exception {
        TestServer first = TestServer.dedicated("postgres", Map.of());
        // Either process's relay may deliver the webhook below, to a receiver on loopback.
        App secondApp = second(first, Map.of("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "true"));
        Api a = first.api;
        Api b = new Api("http://127.0.0.1:" + secondApp.port());
        try {
            String project = Fixtures.project(a, true).id();
            for (int length : new int[] {8, 6, 10}) {
                String before = Users.verified(b, project);
                assertThat(Users.requestReset(b, project, before).status()).isEqualTo(200);
                Mailbox.latestCode(before, 1);
                assertThat(a.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", length,
                        "alphabet", "numeric", "ttlSeconds", 600, "maxAttempts", 5, "resendCooldownSeconds", 60,
                        "maxSendsPerHour", 5, "maxFailuresPerDay", 10), Fixtures.operator()).status()).isEqualTo(200);
                String after = Users.verified(a, project);
                assertThat(Users.requestReset(b, project, after).status()).isEqualTo(200);
                assertThat(Mailbox.latestCode(after, 1)).as("code length set through the other process").hasSize(length);
            }
            for (boolean on : new boolean[] {true, false, true}) {
                assertThat(b.post("/auth/forgot-password?projectId=" + project, Map.of("email", Fixtures.uniqueEmail("strapi"))).status())
                        .isEqualTo(on ? 404 : 200);
                assertThat(a.patch("/api/admin/projects/" + project, Map.of("compat", Map.of("strapi", on)),
                        Fixtures.operator()).status()).isEqualTo(200);
                assertThat(b.post("/auth/forgot-password?projectId=" + project, Map.of("email", Fixtures.uniqueEmail("strapi"))).status())
                        .as("Strapi profile switched " + (on ? "on" : "off") + " through the other process")
                        .isEqualTo(on ? 200 : 404);
            }
            try (WebhookReceiver receiver = WebhookReceiver.ok()) {
                Hooks.create(a, project, receiver.url(), List.of("password_reset.requested"));
                String subscribed = Users.verified(a, project);
                assertThat(Users.requestReset(b, project, subscribed).status()).isEqualTo(200);
                assertThat(receiver.await("password_reset.requested", 1).get(0).json().get("data").get("email").asText())
                        .as("a webhook created through the other process receives the next request's event")
                        .isEqualTo(subscribed);
            }
        } finally {
            secondApp.close();
            first.close();
        }
    }

    @Test
    void twoProcessesEnforceOneCooldownOneAttemptBudgetAndSendEachMailOnce() throws Exception {
        TestServer first = TestServer.dedicated("postgres", Map.of());
        App secondApp = second(first, Map.of());
        Api a = first.api;
        Api b = new Api("http://127.0.0.1:" + secondApp.port());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            String project = Fixtures.project(a, true).id();
            String email = Users.verified(a, project);
            assertThat(Users.requestReset(a, project, email).status()).isEqualTo(200);
            assertThat(Users.requestReset(b, project, email).status()).as("cooldown seen by the other process").isEqualTo(429);
            String code = Mailbox.latestCode(email, 1);
            String wrong = code.equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                Users.confirm(i % 2 == 0 ? a : b, project, email, wrong, "brand new passphrase");
            }
            assertThat(Users.confirm(b, project, email, code, "brand new passphrase").code())
                    .as("attempt budget shared by both processes").isEqualTo("INVALID_OTP");

            List<String> emails = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                emails.add(Users.verified(i % 2 == 0 ? a : b, project));
            }
            List<Future<Resp>> sent = new ArrayList<>();
            for (int i = 0; i < emails.size(); i++) {
                Api api = i % 2 == 0 ? a : b;
                String e = emails.get(i);
                sent.add(pool.submit(() -> Users.requestReset(api, project, e)));
            }
            for (Future<Resp> f : sent) {
                assertThat(f.get().status()).isEqualTo(200);
            }
            for (String e : emails) {
                Mailbox.await(e, "Your password reset code", 1);
            }
            Thread.sleep(500);
            for (String e : emails) {
                assertThat(Mailbox.to(e, "Your password reset code")).as("M3: sent once, by one of the relays").hasSize(1);
            }
        } finally {
            pool.shutdownNow();
            secondApp.close();
            first.close();
        }
    }

    @Test
    void aCommittedRequestIsDeliveredAfterTheProcessDiesAndAnotherStarts() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        TestServer crashed = TestServer.dedicated("postgres", Map.of("KEYWARD_SMTP_PORT", String.valueOf(deadPort)));
        App restarted = null;
        try {
            String project = Fixtures.project(crashed.api, true).id();
            String email = Fixtures.uniqueEmail("crash");
            crashed.api.post("/api/admin/projects/" + project + "/users", Map.of("email", email,
                    "password", "some good password", "emailVerified", true), Fixtures.operator());
            assertThat(Users.requestReset(crashed.api, project, email).status()).isEqualTo(200);
            // The first process could not reach SMTP; it stops with the mail still in the outbox.
            crashed.app.close();
            assertThat(Mailbox.to(email)).isEmpty();
            // Started a minute later, as after a real crash: any lease the dead process held has run out.
            restarted = second(crashed, Map.of(), Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(61)));
            String code = Mailbox.latestCode(email, 1);
            assertThat(code).matches("[0-9]{6}");
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            dev.keyward.support.TestDatabases.dropPostgres(crashed.dbUrl);
        }
    }
}
