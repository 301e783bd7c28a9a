package dev.keyward.webhook;

import dev.keyward.support.WebhookReceiver;
import dev.keyward.support.WebhookReceiver.Answer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One attempt: the signature headers, and a receiver that does not answer in time is a failed attempt, not a wait. */
class WebhookSenderTest {
    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom());

    @Test
    void sendsTheStandardWebhooksHeadersAndTheBodyAsSigned() {
        try (WebhookReceiver receiver = WebhookReceiver.ok();
             WebhookSender sender = new WebhookSender(new EgressGuard(true, InetAddress::getAllByName))) {
            WebhookSender.Attempt a = sender.send(receiver.url(), "msg_abc", 1_700_000_000L, "{\"type\":\"x\"}", List.of(SECRET));
            assertThat(a.delivered()).isTrue();
            WebhookReceiver.Received r = receiver.received().get(0);
            assertThat(r.header("webhook-id")).isEqualTo("msg_abc");
            assertThat(r.header("webhook-timestamp")).isEqualTo("1700000000");
            assertThat(r.header("webhook-signature")).isEqualTo(WebhookSignature.sign(SECRET, "msg_abc", 1_700_000_000L, "{\"type\":\"x\"}"));
            assertThat(r.body()).isEqualTo("{\"type\":\"x\"}");
            assertThat(r.signedWith(SECRET)).isTrue();
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAFailedAttemptAtTheTimeout() {
        try (WebhookReceiver slow = new WebhookReceiver(n -> new Answer(200, 30_000));
             WebhookSender sender = new WebhookSender(new EgressGuard(true, InetAddress::getAllByName), null,
                     Duration.ofMillis(300))) {
            long started = System.nanoTime();
            WebhookSender.Attempt a = sender.send(slow.url(), "msg_slow", 1L, "{}", List.of(SECRET));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(a.delivered()).isFalse();
            assertThat(a.status()).isNull();
            assertThat(a.error()).isEqualTo("timed out after 0.3 s");
            assertThat(tookMillis).isBetween(250L, 2000L);
        }
    }

    @Test
    void aNonHttpsUrlIsRefusedBeforeConnectingWhenPrivateTargetsAreNotAllowed() {
        try (WebhookReceiver receiver = WebhookReceiver.ok();
             WebhookSender sender = new WebhookSender(new EgressGuard(false, InetAddress::getAllByName))) {
            WebhookSender.Attempt a = sender.send(receiver.url(), "msg_http", 1L, "{}", List.of(SECRET));
            assertThat(a.delivered()).isFalse();
            assertThat(a.error()).isEqualTo("refused: the URL must be an https URL");
            WebhookSender.Attempt loopback = sender.send("https://127.0.0.1:1/", "msg_lo", 1L, "{}", List.of(SECRET));
            assertThat(loopback.error()).contains("loopback");
            assertThat(receiver.received()).isEmpty();
        }
    }
}
