package dev.keyward.http;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** I5: thousands of mutated requests to every public endpoint; the Api client fails on any 5xx or stack trace. */
class FuzzIT {
    private static final List<String> PATHS = List.of("/api/auth/local/register", "/api/auth/local/login",
            "/api/auth/refresh", "/api/auth/local/password-reset", "/api/auth/local/password-reset/confirm",
            "/api/auth/local/password-reset/verify", "/api/auth/verify-email", "/api/auth/resend-verification",
            "/api/v1/user/forgot-password", "/api/v1/user/confirm-otp-reset", "/api/v1/user/password-reset",
            "/auth/forgot-password", "/auth/reset-password");
    private static final List<String> FIELDS = List.of("email", "password", "projectId", "otp", "newPassword",
            "resetToken", "refreshToken", "token", "firstName", "lastName", "code", "passwordConfirmation");

    @Test
    void mutatedRequestsNeverCauseA5xx() {
        TestServer server = TestServer.dedicated("h2", java.util.Map.of());
        try {
            fuzz(server.api);
        } finally {
            server.close();
        }
    }

    private static void fuzz(Api api) {
        Fixtures.CreatedProject created = Fixtures.project(api, false);
        String project = created.id();
        api.patch("/api/admin/projects/" + project, java.util.Map.of("compat", java.util.Map.of("cargoExtra", true,
                "strapi", true)), Fixtures.key(created.adminKey()));
        Random random = new Random(20261123L);
        int clientErrors = 0;
        for (int i = 0; i < 2500; i++) {
            String path = PATHS.get(random.nextInt(PATHS.size()));
            byte[] body = mutate(random, body(random, project)).getBytes(StandardCharsets.UTF_8);
            String type = random.nextInt(20) == 0 ? "text/plain" : "application/json";
            // The compat profiles take the project from a header (sometimes malformed, sometimes absent).
            Resp r = random.nextInt(10) == 0 ? api.send("POST", path, type, body)
                    : api.send("POST", path, type, body, "X-Project-Id", random.nextInt(20) == 0 ? "x" + project : project);
            assertThat(r.status()).as(new String(body, StandardCharsets.UTF_8)).isLessThan(500);
            if (r.status() >= 400) {
                clientErrors++;
            }
        }
        assertThat(clientErrors).as("the fuzzer mostly sends bad input").isGreaterThan(1000);
    }

    private static String body(Random r, String project) {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            String field = FIELDS.get(r.nextInt(FIELDS.size()));
            b.append('"').append(field).append("\":").append(value(r, field, project));
        }
        if (r.nextBoolean()) {
            b.append(n > 0 ? "," : "").append("\"projectId\":\"").append(project).append('"');
        }
        return b.append('}').toString();
    }

    private static String value(Random r, String field, String project) {
        return switch (r.nextInt(14)) {
            case 0 -> "null";
            case 1 -> String.valueOf(r.nextLong());
            case 2 -> "1e308";
            case 3 -> "[\"a@b.co\",\"c@d.co\"]";
            case 4 -> "{\"$gt\":\"\"}";
            case 5 -> "true";
            case 6 -> "\"" + "x".repeat(r.nextInt(3000)) + "\"";
            case 7 -> "\"\\u0000\\r\\n" + field + "\"";
            case 8 -> "\"" + randomUnicode(r) + "\"";
            case 9 -> "\"" + project + "\"";
            case 10 -> "\"user" + r.nextInt(50) + "@example.com\"";
            case 11 -> "\"123456\"";
            case 12 -> "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]";
            default -> "\"correct horse battery " + r.nextInt() + "\"";
        };
    }

    private static String randomUnicode(Random r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            int cp = r.nextInt(4) == 0 ? 0x1F300 + r.nextInt(500) : 0xA0 + r.nextInt(0x2000);
            if (cp == '"' || cp == '\\') {
                cp = 'x';
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static String mutate(Random r, String json) {
        return switch (r.nextInt(8)) {
            case 0 -> json.substring(0, r.nextInt(json.length() + 1));
            case 1 -> json.replaceFirst(",", ",,");
            case 2 -> json.replace("}", ",\"email\":\"dup@example.com\",\"email\":\"x@example.com\"}");
            case 3 -> "[" + json + "]";
            case 4 -> json + json;
            default -> json;
        };
    }
}
