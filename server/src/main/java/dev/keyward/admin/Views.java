package dev.keyward.admin;

import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.CompatProfiles;
import dev.keyward.project.Project;

import java.util.List;

/** Admin API response bodies. */
public final class Views {
    private Views() {
    }

    public record PolicyView(int length, String alphabet, int ttlSeconds, int maxAttempts, int resendCooldownSeconds,
                             int maxSendsPerHour, int maxFailuresPerDay) {
        public static PolicyView of(OtpPolicy p) {
            return new PolicyView(p.length(), p.alphabet().wireName(), p.ttlSeconds(), p.maxAttempts(),
                    p.resendCooldownSeconds(), p.maxSendsPerHour(), p.maxFailuresPerDay());
        }
    }

    public record ProjectView(String id, String name, boolean requireEmailVerification, int passwordMinLength,
                              String mailFromName, String mailFromAddress, String verifyUrl, String resetUrl,
                              PolicyView otpPolicy, CompatProfiles compat, List<String> allowedOrigins,
                              String registrationMode, String defaultLocale, String createdAt, String adminKey) {
        public static ProjectView of(Project p, String adminKey) {
            return new ProjectView(p.id(), p.name(), p.requireEmailVerification(), p.passwordMinLength(),
                    p.mailFromName(), p.mailFromAddress(), p.verifyUrl(), p.resetUrl(), PolicyView.of(p.otpPolicy()), p.compat(),
                    p.allowedOrigins().origins(), p.registrationMode().wireName(), p.defaultLocale(),
                    java.time.Instant.ofEpochMilli(p.createdAt()).toString(), adminKey);
        }
    }

    public record ProjectList(java.util.List<ProjectView> projects) { }

    public record AdminKeyView(String adminKey) { }
}
