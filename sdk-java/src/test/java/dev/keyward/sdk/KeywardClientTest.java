package dev.keyward.sdk;

import dev.keyward.sdk.model.CargoConfirmOtpResetRequest;
import dev.keyward.sdk.model.CargoOtpConfirmation;
import dev.keyward.sdk.model.CompatProfilesUpdate;
import dev.keyward.sdk.model.DevMailbox;
import dev.keyward.sdk.model.OtpPolicy;
import dev.keyward.sdk.model.PasswordResetRequest;
import dev.keyward.sdk.model.Project;
import dev.keyward.sdk.model.StrapiResetPasswordRequest;
import dev.keyward.sdk.model.UpdateProjectRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hand-written runtime against a stub server: errors, retries, credentials, JSON. */
class KeywardClientTest {
    private static final String PROJECT = "685ad30be129932fbb7a1047";
    private static final String PROJECT_JSON = """
            {"id":"685ad30be129932fbb7a1047","name":"App","requireEmailVerification":true,"passwordMinLength":8,
             "otpPolicy":{"length":6,"alphabet":"numeric","ttlSeconds":600,"maxAttempts":5,"resendCooldownSeconds":60,
             "maxSendsPerHour":5,"maxFailuresPerDay":10},"createdAt":"2026-11-23T10:00:00Z","surprise":{"a":1}}""";

    private StubServer stub;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private KeywardClient.Builder client() {
        return KeywardClient.builder().baseUrl(stub.url() + "/").adminToken("operator").sleeper(sleeps::add);
    }

    @Test
    void aValidationErrorBecomesATypedExceptionWithItsDetails() {
        stub.answer(400, """
                {"error":"Validation failed","code":"VALIDATION_ERROR","details":{"length":"must be 6..10"},
                 "requestId":"req-1","timestamp":"2026-11-23T10:00:00Z","path":"/x"}""");
        try (KeywardClient client = client().build()) {
            KeywardApiException e = catchThrowableOfType(KeywardApiException.class,
                    () -> client.admin().updateOtpPolicy(PROJECT, new OtpPolicy(5, "numeric", 600, 5, 60, 5, 10)));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
            assertThat(e.error()).isEqualTo("Validation failed");
            assertThat(e.details()).containsExactly(java.util.Map.entry("length", "must be 6..10"));
            assertThat(e.requestId()).isEqualTo("req-1");
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.getMessage()).contains("PUT /api/admin/projects/{projectId}/otp-policy -> 400 VALIDATION_ERROR", "req-1");
        }
    }

    @Test
    void aNonJsonErrorStillCarriesTheStatusAndTheRequestIdHeader() {
        stub.answer(502, "<html>bad gateway</html>", "Content-Type", "text/html", "X-Request-Id", "edge-7");
        try (KeywardClient client = client().build()) {
            KeywardApiException e = catchThrowableOfType(KeywardApiException.class, () -> client.ops().getLiveness());
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isNull();
            assertThat(e.requestId()).isEqualTo("edge-7");
            assertThat(e.body()).contains("bad gateway");
        }
    }

    @Test
    void retriesAreOffByDefault() {
        stub.answer(429, "{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\",\"retryAfter\":3}", "Retry-After", "3");
        try (KeywardClient client = client().build()) {
            KeywardApiException e = catchThrowableOfType(KeywardApiException.class, () -> client.ops().getLiveness());
            assertThat(e.code()).isEqualTo("RATE_LIMITED");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        }
        assertThat(stub.received).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void a503IsRetriedAfterItsRetryAfterHeaderAndTheAnswerReturned() {
        stub.answer(503, "{\"error\":\"Unavailable\",\"code\":\"UNAVAILABLE\"}", "Retry-After", "2")
                .answer(200, "{\"status\":\"ok\"}");
        try (KeywardClient client = client().retryOn429And503(3).build()) {
            assertThat(client.ops().getLiveness().status()).isEqualTo("ok");
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(stub.received).hasSize(2);
    }

    @Test
    void retriesStopAfterMaxRetriesWithTheLastError() {
        for (int i = 0; i < 5; i++) {
            stub.answer(429, "{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\",\"retryAfter\":1}", "Retry-After", "1");
        }
        try (KeywardClient client = client().retryOn429And503(2).build()) {
            assertThatThrownBy(() -> client.admin().rotateAdminKey(PROJECT))
                    .isInstanceOfSatisfying(KeywardApiException.class, e -> assertThat(e.status()).isEqualTo(429));
        }
        assertThat(stub.received).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterLongerThanTheCapIsNotWaitedOut() {
        stub.answer(429, "{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\",\"retryAfter\":3600}", "Retry-After", "3600");
        try (KeywardClient client = client().retryOn429And503(3).maxRetryDelay(Duration.ofSeconds(5)).build()) {
            assertThatThrownBy(() -> client.ops().getLiveness()).isInstanceOf(KeywardApiException.class);
        }
        assertThat(sleeps).isEmpty();
        assertThat(stub.received).hasSize(1);
    }

    @Test
    void aResendCooldownLongerThanTheDefaultMaxRetryDelayIsThrownAtOnceAsTheReadmeSays() {
        String cooldown = "{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\",\"retryAfter\":%d}";
        stub.answer(429, cooldown.formatted(60), "Retry-After", "60")
                .answer(429, cooldown.formatted(30), "Retry-After", "30").answer(200, "{\"message\":\"sent\"}");
        try (KeywardClient client = client().retryOn429And503(2).build()) {
            PasswordResetRequest request = new PasswordResetRequest("ada@example.com", PROJECT);
            KeywardApiException e = catchThrowableOfType(KeywardApiException.class, () -> client.auth().requestPasswordReset(request));
            assertThat(e.code()).isEqualTo("RATE_LIMITED");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
            assertThat(sleeps).as("60 s > maxRetryDelay (30 s): not waited").isEmpty();

            client.auth().requestPasswordReset(request);
            assertThat(sleeps).as("30 s is at most maxRetryDelay: waited, then retried").containsExactly(Duration.ofSeconds(30));
        }
        assertThat(stub.received).hasSize(3);
    }

    @Test
    void otherErrorsAreNeverRetried() {
        stub.answer(500, "{\"error\":\"Internal error\",\"code\":\"INTERNAL_ERROR\"}");
        try (KeywardClient client = client().retryOn429And503(3).build()) {
            assertThatThrownBy(() -> client.ops().getLiveness()).isInstanceOf(KeywardApiException.class);
        }
        assertThat(stub.received).hasSize(1);
    }

    @Test
    void theFirstAlternativeOfTheOperationsSecurityThatTheClientCanSatisfyIsSent() {
        stub.answer(200, PROJECT_JSON).answer(200, PROJECT_JSON).answer(200, "{\"status\":\"ok\"}");
        try (KeywardClient both = client().apiKey("project-key").build();
             KeywardClient keyOnly = KeywardClient.builder().baseUrl(stub.url()).apiKey("project-key").build()) {
            both.admin().getProject(PROJECT);
            keyOnly.admin().getProject(PROJECT);
            both.ops().getLiveness();
        }
        assertThat(stub.received.get(0).header("Authorization")).isEqualTo("Bearer operator");
        assertThat(stub.received.get(0).header("X-API-Key")).isNull();
        assertThat(stub.received.get(1).header("Authorization")).isNull();
        assertThat(stub.received.get(1).header("X-API-Key")).isEqualTo("project-key");
        assertThat(stub.received.get(2).header("Authorization")).isNull();
    }

    @Test
    void pathParametersAreEncodedAndBodiesOmitNulls() {
        stub.answer(200, PROJECT_JSON);
        try (KeywardClient client = client().build()) {
            Project project = client.admin().updateProject("a b/c",
                    new UpdateProjectRequest("Renamed", null, 12, null, null, null, null, null, null, null, null));
            assertThat(project.otpPolicy().alphabet()).isEqualTo("numeric");
            assertThat(project.createdAt().toInstant()).hasToString("2026-11-23T10:00:00Z");
            assertThat(project.adminKey()).isNull();
        }
        StubServer.Received sent = stub.received.get(0);
        assertThat(sent.method()).isEqualTo("PATCH");
        assertThat(sent.uri()).isEqualTo("/api/admin/projects/a%20b%2Fc");
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.body()).isEqualTo("{\"name\":\"Renamed\",\"passwordMinLength\":12}");
    }

    @Test
    void theDevMailboxIsReadWithoutArgumentsAsJson() {
        stub.answer(200, """
                {"emails":[{"to":"ada@example.com","from":"no-reply@localhost","subject":"Your password reset code",
                 "text":"Your code is:\\n\\n123456\\n","html":"<p>123456</p>","receivedAt":"2026-11-23T10:00:00Z"}]}""");
        try (KeywardClient client = client().build()) {
            DevMailbox mailbox = client.ops().getDevMailbox();
            assertThat(mailbox.emails()).singleElement().satisfies(mail -> {
                assertThat(mail.subject()).isEqualTo("Your password reset code");
                assertThat(mail.text()).contains("\n123456\n");
            });
        }
        StubServer.Received sent = stub.received.get(0);
        assertThat(sent.uri()).as("no format=null or other leftovers").isEqualTo("/dev/mailbox");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void compatCallsSendTheProjectAsHeaderOrQueryAndOmitWhatIsNull() {
        stub.answer(200, "{\"message\":\"OTP confirmed successfully\",\"email\":\"Ada@example.com\"}")
                .answer(200, "{\"message\":\"OTP confirmed successfully\",\"email\":\"ada@example.com\"}");
        try (KeywardClient client = client().build()) {
            CargoOtpConfirmation confirmed = client.compat().cargoConfirmOtpReset(null, PROJECT,
                    new CargoConfirmOtpResetRequest("7kq2mxh9prta"));
            assertThat(confirmed.email()).isEqualTo("Ada@example.com");
            client.compat().cargoConfirmOtpReset(PROJECT, null, new CargoConfirmOtpResetRequest("7KQ2MXH9PRTA"));
        }
        assertThat(stub.received.get(0).uri()).isEqualTo("/api/v1/user/confirm-otp-reset");
        assertThat(stub.received.get(0).header("X-Project-Id")).isEqualTo(PROJECT);
        assertThat(stub.received.get(0).header("Authorization")).isNull();
        assertThat(stub.received.get(0).body()).isEqualTo("{\"resetToken\":\"7kq2mxh9prta\"}");
        assertThat(stub.received.get(1).uri()).isEqualTo("/api/v1/user/confirm-otp-reset?projectId=" + PROJECT);
        assertThat(stub.received.get(1).header("X-Project-Id")).isNull();
    }

    @Test
    void aCompatErrorHasNoCodeButItsMessageRequestIdAndRetryAfter() {
        stub.answer(429, "{\"message\":\"Too many requests\"}", "Retry-After", "7", "X-Request-Id", "req-9")
                .answer(400, "{\"code\":400,\"message\":\"Incorrect code provided\"}");
        try (KeywardClient client = client().build()) {
            KeywardApiException cargo = catchThrowableOfType(KeywardApiException.class, () ->
                    client.compat().cargoConfirmOtpReset(null, PROJECT, new CargoConfirmOtpResetRequest("7KQ2MXH9PRTA")));
            assertThat(cargo.status()).isEqualTo(429);
            assertThat(cargo.code()).isNull();
            assertThat(cargo.serverMessage()).isEqualTo("Too many requests");
            assertThat(cargo.requestId()).isEqualTo("req-9");
            assertThat(cargo.retryAfter()).contains(Duration.ofSeconds(7));
            KeywardApiException strapi = catchThrowableOfType(KeywardApiException.class, () ->
                    client.compat().strapiResetPassword(null, PROJECT,
                            new StrapiResetPasswordRequest("X", "pw", "pw")));
            assertThat(strapi.status()).isEqualTo(400);
            assertThat(strapi.code()).isNull();
            assertThat(strapi.serverMessage()).isEqualTo("Incorrect code provided");
        }
    }

    @Test
    void compatProfilesArePatchedAsANestedObjectWithoutTheProfilesLeftOut() {
        stub.answer(200, PROJECT_JSON);
        try (KeywardClient client = client().build()) {
            client.admin().updateProject(PROJECT, new UpdateProjectRequest(null, null, null, null, null, null, null,
                    new CompatProfilesUpdate(null, true), null, null, null));
        }
        assertThat(stub.received.get(0).body()).isEqualTo("{\"compat\":{\"strapi\":true}}");
    }

    @Test
    void anUnreachableServerIsAKeywardExceptionNotAnApiException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (KeywardClient client = KeywardClient.builder().baseUrl("http://127.0.0.1:" + closedPort).build()) {
            assertThatThrownBy(() -> client.ops().getLiveness())
                    .isExactlyInstanceOf(KeywardException.class).hasMessageContaining("GET /health/live failed");
        }
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThatThrownBy(() -> KeywardClient.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeywardClient.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> KeywardClient.builder().retryOn429And503(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeywardClient.builder().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
