package dev.keyward.sdk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.keyward.sdk.KeywardClient;
import dev.keyward.sdk.WebhookVerificationException;
import dev.keyward.sdk.Webhooks;
import dev.keyward.sdk.model.CreateProjectRequest;
import dev.keyward.sdk.model.CreateWebhookRequest;
import dev.keyward.sdk.model.Project;
import dev.keyward.sdk.model.RegisterRequest;
import dev.keyward.sdk.model.UpdateWebhookRequest;
import dev.keyward.sdk.model.Webhook;
import dev.keyward.sdk.model.WebhookDelivery;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A webhook created through the SDK reaches the README's receiver, which verifies it with Webhooks.verify. */
class WebhooksIT {
    @Test
    void theReadmeReceiverVerifiesRealDeliveriesAndRefusesForgedOnes() throws Exception {
        LiveServer server = LiveServer.shared();
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        try (KeywardClient operator = KeywardClient.builder().baseUrl(server.baseUrl).adminToken(LiveServer.OPERATOR_TOKEN).build()) {
            Project project = operator.admin().createProject(new CreateProjectRequest("SDK webhooks", false));
            // The secret is shown when the webhook is created; the receiver needs it, so the URL follows.
            Webhook hook = operator.admin().createWebhook(project.id(), new CreateWebhookRequest(
                    "http://127.0.0.1:9/not-yet", List.of("user.created")));
            HttpServer receiver = WebhookReceiverExample.start(0, hook.secret(), events::add);
            operator.admin().updateWebhook(project.id(), hook.id(), new UpdateWebhookRequest(
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/keyward-webhooks", null, null));
            try {
                assertThat(hook.secret()).startsWith("whsec_");
                operator.auth().register(new RegisterRequest("webhook.sdk@example.com", "correct horse battery", "Ada",
                        "Lovelace", project.id()));
                JsonNode event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).isNotNull();
                assertThat(event.get("type").asText()).isEqualTo("user.created");
                assertThat(event.get("data").get("email").asText()).isEqualTo("webhook.sdk@example.com");
                WebhookDelivery delivered = awaitDelivered(operator, project.id(), hook.id());
                assertThat(delivered.lastStatusCode()).isEqualTo(204);

                String body = event.toString();
                HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/keyward-webhooks"))
                        .header("webhook-id", "msg_forged").header("webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                        .header("webhook-signature", Webhooks.sign("whsec_" + "B".repeat(44), "msg_forged",
                                System.currentTimeMillis() / 1000, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(400);
                assertThat(events).isEmpty();
                assertThatThrownBy(() -> Webhooks.verify(hook.secret(), Map.of(), body))
                        .isInstanceOf(WebhookVerificationException.class);
            } finally {
                receiver.stop(0);
            }
        }
    }

    private static WebhookDelivery awaitDelivered(KeywardClient operator, String projectId, String webhookId)
            throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<WebhookDelivery> page = operator.admin().listWebhookDeliveries(projectId, webhookId, null, null).deliveries();
            if (!page.isEmpty() && "delivered".equals(page.get(0).status())) {
                return page.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not delivered");
    }
}
