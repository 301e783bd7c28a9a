package dev.keyward.webhook;

import dev.keyward.db.Daos;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.http.Json;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Queues webhook events in the caller's transaction, so an event is sent exactly when the change
 * it describes commits (a rolled-back request sends nothing) and survives a crash. One INSERT ...
 * SELECT writes a row for each enabled endpoint subscribed to the type; the relay signs and sends
 * them after commit. Bodies are {@code {"type","timestamp","data":{"projectId","userId","email",...}}}
 * and are never given a code, token, password or hash.
 */
public final class WebhookEvents {
    /** One login.throttled per account and endpoint per throttle window, not one per refused attempt. */
    static final long THROTTLED_DEDUPE_MILLIS = 15 * 60_000L;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final SecureRandom random;
    private volatile Runnable onQueued = () -> { };

    public WebhookEvents(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** Called after a transaction that queued events commits (the relay wakes up). */
    public void onQueued(Runnable wake) {
        this.onQueued = wake;
    }

    /**
     * An event about an account. A null {@code userId} (an address with no account) runs the same
     * statement with nothing to write, so a request's database work does not depend on whether
     * the account exists.
     */
    public void account(Handle h, ProjectId project, WebhookEventType type, String userId, String email,
                        Map<String, Object> more) {
        queue(h, project, type, userId, accountData(project, userId, email, more), null);
    }

    /**
     * The same, for a caller holding the project's settings as of this request (a public request:
     * {@code ProjectResolver} checked them against the row's settings version as it began). When
     * no enabled webhook subscribes to the type, nothing could be queued, and the statement and
     * the event body are skipped: for known and unknown addresses alike, so the work stays the same.
     */
    public void account(Handle h, Project project, WebhookEventType type, String userId, String email,
                        Map<String, Object> more) {
        if (project.webhooksMaySubscribe(type.wire())) {
            account(h, project.projectId(), type, userId, email, more);
        }
    }

    /** login.throttled, at most once per account and endpoint in a throttle window. */
    public void loginThrottled(Handle h, ProjectId project, String userId, String email, long retryAfterSeconds) {
        long now = clock.millis();
        queue(h, project, WebhookEventType.LOGIN_THROTTLED, userId,
                accountData(project, userId, email, Map.of("retryAfterSeconds", retryAfterSeconds)),
                now - THROTTLED_DEDUPE_MILLIS);
    }

    public void otpPolicyUpdated(Handle h, ProjectId project, OtpPolicy policy, String actor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("length", policy.length());
        p.put("alphabet", policy.alphabet().wireName());
        p.put("ttlSeconds", policy.ttlSeconds());
        p.put("maxAttempts", policy.maxAttempts());
        p.put("resendCooldownSeconds", policy.resendCooldownSeconds());
        p.put("maxSendsPerHour", policy.maxSendsPerHour());
        p.put("maxFailuresPerDay", policy.maxFailuresPerDay());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projectId", project.value());
        data.put("otpPolicy", p);
        data.put("actor", actor);
        queue(h, project, WebhookEventType.OTP_POLICY_UPDATED, null, data, null);
    }

    /** webhook.test to one endpoint, enabled or not; returns the delivery's id. */
    long test(Handle h, ProjectId project, String webhookId) {
        long now = clock.millis();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projectId", project.value());
        data.put("webhookId", webhookId);
        long id = Daos.of(h, DeliveryDao.class).insertOne(project.value(), webhookId, WebhookSignature.newMessageId(random),
                WebhookEventType.WEBHOOK_TEST.wire(), body(WebhookEventType.WEBHOOK_TEST, now, data), now);
        h.afterCommit(onQueued);
        return id;
    }

    private void queue(Handle h, ProjectId project, WebhookEventType type, String userId, Map<String, Object> data,
                       Long dedupeSince) {
        long now = clock.millis();
        boolean deliver = userId != null || type == WebhookEventType.OTP_POLICY_UPDATED;
        int queued = Daos.of(h, DeliveryDao.class).fanOut(project.value(), WebhookSignature.newMessageId(random), type.wire(),
                userId, body(type, now, data), "%," + type.wire() + ",%", deliver, dedupeSince, now);
        // Most requests queue nothing (no endpoint subscribed, or no account): the relay sleeps on.
        if (queued > 0) {
            h.afterCommit(onQueued);
        }
    }

    private static Map<String, Object> accountData(ProjectId project, String userId, String email, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projectId", project.value());
        data.put("userId", userId);
        data.put("email", email);
        data.putAll(new TreeMap<>(more));
        return data;
    }

    private static String body(WebhookEventType type, long now, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wire());
        body.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(now)));
        body.put("data", data);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
