package dev.keyward.project;

import dev.keyward.otp.OtpPolicy;
import org.jdbi.v3.core.mapper.Nested;

/**
 * A tenant's settings as stored; {@code defaultLocale} is the BCP 47 tag of mail for users with no
 * locale. {@code webhookEvents} is derived, not set by admins: the event types the project's enabled
 * webhooks subscribe to, as {@code ",type,type,"} ({@code ",*,"}: unknown, assume all), kept by
 * WebhookService so requests can skip the webhook fan-out when nothing would receive the event.
 */
public record Project(String id, String name, boolean requireEmailVerification, int passwordMinLength,
                      String mailFromName, String mailFromAddress, String verifyUrl, String resetUrl,
                      @Nested("otp") OtpPolicy otpPolicy, @Nested("compat") CompatProfiles compat,
                      AllowedOrigins allowedOrigins, RegistrationMode registrationMode, long createdAt,
                      String defaultLocale, String webhookEvents) {
    public static final int MAX_NAME_LENGTH = 200;

    /** Whether some enabled webhook may subscribe to the event type with this wire name. */
    public boolean webhooksMaySubscribe(String eventType) {
        return webhookEvents.contains("," + eventType + ",") || webhookEvents.contains(",*,");
    }

    public ProjectId projectId() {
        return new ProjectId(id);
    }
}
