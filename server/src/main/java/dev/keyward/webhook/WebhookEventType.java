package dev.keyward.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a project can subscribe an endpoint to, by their wire names; {@code webhook.test} is sent on request only. */
public enum WebhookEventType {
    USER_CREATED("user.created"),
    USER_EMAIL_VERIFIED("user.email_verified"),
    USER_DELETED("user.deleted"),
    PASSWORD_RESET_REQUESTED("password_reset.requested"),
    PASSWORD_RESET_COMPLETED("password_reset.completed"),
    PASSWORD_RESET_LOCKED("password_reset.locked"),
    LOGIN_THROTTLED("login.throttled"),
    OTP_POLICY_UPDATED("otp_policy.updated"),
    WEBHOOK_TEST("webhook.test");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean subscribable() {
        return this != WEBHOOK_TEST;
    }

    public static Optional<WebhookEventType> subscribable(String wire) {
        return Arrays.stream(values()).filter(t -> t.subscribable() && t.wire.equals(wire)).findFirst();
    }

    /** The subscribable names, for error messages and documentation. */
    public static String subscribableNames() {
        return String.join(", ", Arrays.stream(values()).filter(WebhookEventType::subscribable).map(t -> t.wire).toList());
    }
}
