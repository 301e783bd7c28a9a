package dev.keyward.support;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Account set-up through the public API. */
public final class Users {
    public static final String PASSWORD = "correct horse battery";

    private Users() {
    }

    /** Registers and verifies through the emailed link; returns the email. */
    public static String verified(Api api, String projectId) {
        String email = Fixtures.uniqueEmail("user");
        register(api, projectId, email, PASSWORD);
        String token = Mailbox.verificationToken(email);
        Resp v = api.post("/api/auth/verify-email", Map.of("token", token, "projectId", projectId));
        assertThat(v.status()).as(v.toString()).isEqualTo(200);
        return email;
    }

    public static Resp register(Api api, String projectId, String email, String password) {
        Resp r = api.post("/api/auth/local/register", Map.of("email", email, "password", password, "firstName", "Ada",
                "lastName", "Lovelace", "projectId", projectId));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    public static Resp login(Api api, String projectId, String email, String password) {
        return api.post("/api/auth/local/login", Map.of("email", email, "password", password, "projectId", projectId));
    }

    public static Resp requestReset(Api api, String projectId, String email) {
        return api.post("/api/auth/local/password-reset", Map.of("email", email, "projectId", projectId));
    }

    public static Resp confirm(Api api, String projectId, String email, String otp, String newPassword) {
        return api.post("/api/auth/local/password-reset/confirm",
                Map.of("email", email, "projectId", projectId, "otp", otp, "newPassword", newPassword));
    }
}
