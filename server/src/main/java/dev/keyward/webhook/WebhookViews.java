package dev.keyward.webhook;

import java.time.Instant;
import java.util.List;

/** Admin API bodies for webhooks; the secret appears only when it is created or rotated. */
final class WebhookViews {
    private WebhookViews() {
    }

    record Webhook(String id, String url, List<String> events, boolean enabled, int failuresInARow,
                   String previousSecretExpiresAt, String createdAt, String updatedAt, String secret) {
        static Webhook of(WebhookDao.Row w, long now, String secret) {
            boolean overlap = w.previousSecretUntil() != null && w.previousSecretUntil() > now;
            return new Webhook(w.id(), w.url(), WebhookService.decode(w.events()), w.enabled(), w.failuresInARow(),
                    overlap ? time(w.previousSecretUntil()) : null, time(w.createdAt()), time(w.updatedAt()), secret);
        }
    }

    record WebhookList(List<Webhook> webhooks) { }

    record Secret(String secret, String previousSecretExpiresAt) { }

    record Delivery(long id, String messageId, String eventType, String status, int attempts, Integer lastStatusCode,
                    Integer lastDurationMs, String lastError, String nextAttemptAt, String createdAt, String finishedAt) {
        static Delivery of(DeliveryDao.View d) {
            boolean pending = d.status().equals("pending");
            return new Delivery(d.id(), d.messageId(), d.eventType(), d.status(), d.attempts(), d.lastStatus(),
                    d.lastDurationMs(), d.lastError(), pending ? time(d.nextAttemptAt()) : null, time(d.createdAt()),
                    d.finishedAt() == null ? null : time(d.finishedAt()));
        }
    }

    record DeliveryPage(List<Delivery> deliveries, Long nextBefore) { }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
