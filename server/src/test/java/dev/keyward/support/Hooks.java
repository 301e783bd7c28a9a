package dev.keyward.support;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook set-up through the admin API. */
public final class Hooks {
    public static final List<String> ALL_EVENTS = List.of("user.created", "user.email_verified", "user.deleted",
            "password_reset.requested", "password_reset.completed", "password_reset.locked", "login.throttled",
            "otp_policy.updated");

    private Hooks() {
    }

    /** An endpoint as created: its id and the secret shown once. */
    public record Created(String id, String secret) { }

    public static Created create(Api api, String projectId, String url, List<String> events) {
        Resp r = api.post(path(projectId), Map.of("url", url, "events", events), Fixtures.operator());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Created(r.field("id"), r.field("secret"));
    }

    public static String path(String projectId) {
        return "/api/admin/projects/" + projectId + "/webhooks";
    }

    public static String path(String projectId, String webhookId) {
        return path(projectId) + "/" + webhookId;
    }

    /** The endpoint's deliveries, newest first. */
    public static List<Map<String, Object>> deliveries(Api api, String projectId, String webhookId) {
        Resp r = api.get(path(projectId, webhookId) + "/deliveries", Fixtures.operator());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        r.json().get("deliveries").forEach(d -> out.add(new com.fasterxml.jackson.databind.ObjectMapper().convertValue(d, Map.class)));
        return out;
    }

    /** Waits (up to 10 s) until the newest delivery of the endpoint satisfies the condition; returns it. */
    public static Map<String, Object> awaitNewest(Api api, String projectId, String webhookId,
                                                  java.util.function.Predicate<Map<String, Object>> condition) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<Map<String, Object>> all = deliveries(api, projectId, webhookId);
            if (!all.isEmpty() && condition.test(all.get(0))) {
                return all.get(0);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("delivery never reached the expected state: " + all);
            }
            WebhookReceiver.sleep(25);
        }
    }
}
