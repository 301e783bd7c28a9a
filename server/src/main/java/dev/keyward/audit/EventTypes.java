package dev.keyward.audit;

import java.util.List;
import java.util.Set;

/**
 * Every type of audit event, the one list: {@link AuditLog} records no other, the events endpoint
 * filters by no other, and openapi.yaml's {@code AuditEventType} enum names exactly these.
 */
public final class EventTypes {
    public static final List<String> ALL = List.of(
            "project.created", "project.updated", "policy.changed", "admin_key.rotated",
            "user.registered", "user.created", "user.deleted", "user.signup_attempted",
            "email.verified", "verification.requested",
            "login.succeeded", "login.failed", "login.throttled",
            "reset.requested", "reset.code_sent", "reset.code_failed", "reset.code_locked", "reset.locked",
            "reset.code_verified", "reset.completed",
            "mail.sent", "mail.expired", "mail.dead", "mail.retried",
            "smtp.updated", "smtp.deleted", "smtp.tested", "template.updated", "template.deleted",
            "webhook.created", "webhook.updated", "webhook.deleted", "webhook.secret_rotated", "webhook.tested",
            "webhook.disabled");
    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private EventTypes() {
    }

    public static boolean isKnown(String type) {
        return type != null && KNOWN.contains(type);
    }
}
