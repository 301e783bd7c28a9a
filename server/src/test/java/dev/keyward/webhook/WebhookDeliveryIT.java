package dev.keyward.webhook;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import dev.keyward.support.WebhookReceiver;
import dev.keyward.support.WebhookReceiver.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries, failed attempts of every kind, a receiver that hangs, and disabling an endpoint that keeps failing. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class WebhookDeliveryIT {
    @Parameter
    String db;
    TestServer server;
    Api api;

    @BeforeEach
    void server() {
        server = TestServer.shared(db);
        api = server.api;
    }

    @Test
    void aReceiverFailingTwiceThenSucceedingIsDeliveredOnTheThirdAttempt() {
        String project = Fixtures.project(api, false).id();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> Answer.status(n <= 2 ? 500 : 200))) {
            Hooks.Created hook = Hooks.create(api, project, receiver.url(), List.of("user.created"));
            Users.register(api, project, Fixtures.uniqueEmail("retry"), Users.PASSWORD);
            receiver.await("user.created", 1);
            Map<String, Object> first = Hooks.awaitNewest(api, project, hook.id(), d -> d.containsKey("lastStatusCode"));
            assertThat(first).containsEntry("status", "pending").containsEntry("attempts", 1).containsEntry("lastStatusCode", 500)
                    .containsEntry("lastError", "HTTP 500").containsKey("nextAttemptAt");

            server.clock.advance(Duration.ofSeconds(7));   // past 5 s + 20 %
            receiver.await("user.created", 2);
            Hooks.awaitNewest(api, project, hook.id(), d -> d.get("attempts").equals(2) && d.containsKey("nextAttemptAt"));
            server.clock.advance(Duration.ofSeconds(37));  // past 30 s + 20 %
            List<WebhookReceiver.Received> attempts = receiver.await("user.created", 3);

            Map<String, Object> done = Hooks.awaitNewest(api, project, hook.id(), d -> d.get("status").equals("delivered"));
            assertThat(done).containsEntry("attempts", 3).containsEntry("lastStatusCode", 200).doesNotContainKey("lastError");
            assertThat(attempts).extracting(r -> r.header("webhook-id")).as("one message id for every attempt").containsOnly(
                    attempts.get(0).header("webhook-id"));
            assertThat(attempts).extracting(WebhookReceiver.Received::body).containsOnly(attempts.get(0).body());
            assertThat(attempts).allMatch(r -> r.signedWith(hook.secret()));
            assertThat(Long.parseLong(attempts.get(2).header("webhook-timestamp")))
                    .as("each attempt is signed with its own timestamp")
                    .isGreaterThan(Long.parseLong(attempts.get(0).header("webhook-timestamp")) + 40);
            WebhookReceiver.sleep(300);
            assertThat(receiver.received()).hasSize(3);
            assertThat(api.get(Hooks.path(project, hook.id()), Fixtures.operator()).json().get("failuresInARow").asInt())
                    .as("a delivery ends the run of failures").isZero();
        }
    }

    @Test
    void redirectsErrorsAndResetConnectionsAreFailedAttemptsNeverServerErrors() throws IOException {
        String project = Fixtures.project(api, false).id();
        try (WebhookReceiver redirecting = new WebhookReceiver(n -> Answer.status(302));
             WebhookReceiver failing = new WebhookReceiver(n -> Answer.status(500));
             ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread resetter = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (Socket s = resetting.accept()) {
                        s.setSoLinger(true, 0); // close with RST
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            resetter.setDaemon(true);
            resetter.start();
            Hooks.Created toRedirect = Hooks.create(api, project, redirecting.url(), List.of("user.created"));
            Hooks.Created toFail = Hooks.create(api, project, failing.url(), List.of("user.created"));
            Hooks.Created toReset = Hooks.create(api, project, "http://127.0.0.1:" + resetting.getLocalPort() + "/h",
                    List.of("user.created"));
            Resp registered = Users.register(api, project, Fixtures.uniqueEmail("fails"), Users.PASSWORD);
            assertThat(registered.status()).as("the sign-up is not affected by its webhooks").isEqualTo(201);

            assertThat(Hooks.awaitNewest(api, project, toRedirect.id(), d -> d.containsKey("lastError")))
                    .containsEntry("status", "pending").containsEntry("lastStatusCode", 302)
                    .containsEntry("lastError", "HTTP 302 (redirects are not followed)");
            assertThat(redirecting.received()).as("the Location was not followed").hasSize(1);
            assertThat(Hooks.awaitNewest(api, project, toFail.id(), d -> d.containsKey("lastError")))
                    .containsEntry("status", "pending").containsEntry("lastStatusCode", 500);
            Map<String, Object> reset = Hooks.awaitNewest(api, project, toReset.id(), d -> d.containsKey("lastError"));
            assertThat(reset).containsEntry("status", "pending").doesNotContainKey("lastStatusCode");
            assertThat((String) reset.get("lastError")).isNotBlank();
            for (Hooks.Created h : List.of(toRedirect, toFail, toReset)) {
                assertThat(api.get(Hooks.path(project, h.id()), Fixtures.operator()).json().get("failuresInARow").asInt())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aReceiverThatSleepsThirtySecondsDelaysNeitherTheResetMailNorOtherEndpointsNorTheApi() {
        String project = Fixtures.project(api, true).id();
        String email = Users.verified(api, project);
        try (WebhookReceiver slow = new WebhookReceiver(n -> new Answer(200, 30_000));
             WebhookReceiver fast = WebhookReceiver.ok()) {
            Hooks.Created slowHook = Hooks.create(api, project, slow.url(), List.of("password_reset.requested"));
            Hooks.create(api, project, fast.url(), List.of("password_reset.requested"));
            long started = System.currentTimeMillis();
            assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
            slow.await("password_reset.requested", 1);   // the slow receiver now holds its attempt open

            Mailbox.latestCode(email, 1);
            fast.await("password_reset.requested", 1);
            long health = System.currentTimeMillis();
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            assertThat(System.currentTimeMillis() - health).isLessThan(1000);
            assertThat(System.currentTimeMillis() - started).as("mail and the other endpoint arrived while the slow one hangs")
                    .isLessThan(5000);
            assertThat(Hooks.deliveries(api, project, slowHook.id()).get(0)).containsEntry("status", "pending");
        }
    }

    @Test
    void anEndpointIsDisabledAfterAHundredFailuresInARowAndTheAuditLogSaysSo() {
        String project = Fixtures.project(api, false).id();
        try (WebhookReceiver failing = new WebhookReceiver(n -> Answer.status(503))) {
            Hooks.Created hook = Hooks.create(api, project, failing.url(), List.of("user.created"));
            String test = Hooks.path(project, hook.id()) + "/test";
            for (int i = 0; i < 100; i++) {
                assertThat(api.post(test, null, Fixtures.operator()).status()).isEqualTo(202);
            }
            // Retries of early events may count before the last test event does (real time passes):
            // whatever the order, the endpoint is on below 100 failures in a row and off from 100 on.
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                var w = webhook(project, hook.id());
                int inARow = w.get("failuresInARow").asInt();
                if (inARow < 100) {
                    assertThat(w.get("enabled").asBoolean()).as(inARow + " failures in a row").isTrue();
                } else {
                    // Attempts already in flight when the 100th failed may still count.
                    assertThat(w.get("enabled").asBoolean()).as(inARow + " failures in a row").isFalse();
                    break;
                }
                assertThat(System.currentTimeMillis()).as("100 failures in a row").isLessThan(deadline);
                WebhookReceiver.sleep(50);
            }
            Resp audit = api.get("/api/admin/projects/" + project + "/events?type=webhook.disabled", Fixtures.operator());
            assertThat(audit.json().get("events")).hasSize(1);
            assertThat(audit.json().get("events").get(0).get("detail").asText()).matches("1[0-9][0-9] failed attempts in a row");
            assertThat(audit.json().get("events").get(0).get("subject").asText()).isEqualTo(hook.id());

            Users.register(api, project, Fixtures.uniqueEmail("after"), Users.PASSWORD);
            WebhookReceiver.sleep(500);
            assertThat(failing.received(r -> r.type().equals("user.created"))).as("a disabled endpoint gets no events").isEmpty();
            assertThat(api.patch(Hooks.path(project, hook.id()), Map.of("enabled", true), Fixtures.operator())
                    .json().get("failuresInARow").asInt()).as("re-enabling starts afresh").isZero();
        }
    }

    @Test
    void aReceiverAnswering410GoneIsDisabledAtOnce() {
        String project = Fixtures.project(api, false).id();
        try (WebhookReceiver gone = new WebhookReceiver(n -> Answer.status(410))) {
            Hooks.Created hook = Hooks.create(api, project, gone.url(), List.of("user.created"));
            api.post(Hooks.path(project, hook.id()) + "/test", null, Fixtures.operator());
            Hooks.awaitNewest(api, project, hook.id(), d -> d.containsKey("lastStatusCode"));
            assertThat(webhook(project, hook.id()).get("enabled").asBoolean()).isFalse();
            assertThat(api.get("/api/admin/projects/" + project + "/events?type=webhook.disabled", Fixtures.operator())
                    .json().get("events").get(0).get("detail").asText()).isEqualTo("the receiver answered 410 Gone");
        }
    }

    private com.fasterxml.jackson.databind.JsonNode webhook(String project, String id) {
        return api.get(Hooks.path(project, id), Fixtures.operator()).json();
    }
}
