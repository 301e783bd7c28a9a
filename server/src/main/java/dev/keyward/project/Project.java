package dev.keyward.project;

import dev.keyward.otp.OtpPolicy;
import org.jdbi.v3.core.mapper.Nested;

/** A tenant's settings as stored; {@code defaultLocale} is the BCP 47 tag of mail for users with no locale. */
public record Project(String id, String name, boolean requireEmailVerification, int passwordMinLength,
                      String mailFromName, String mailFromAddress, String verifyUrl, String resetUrl,
                      @Nested("otp") OtpPolicy otpPolicy, @Nested("compat") CompatProfiles compat,
                      AllowedOrigins allowedOrigins, RegistrationMode registrationMode, long createdAt,
                      String defaultLocale) {
    public static final int MAX_NAME_LENGTH = 200;

    public ProjectId projectId() {
        return new ProjectId(id);
    }
}
