package dev.keyward.sdk.it;

import dev.keyward.sdk.KeywardApiException;
import dev.keyward.sdk.KeywardClient;
import dev.keyward.sdk.model.AdminKey;
import dev.keyward.sdk.model.CreateProjectRequest;
import dev.keyward.sdk.model.OtpPolicy;
import dev.keyward.sdk.model.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An operator and a tenant admin configure a project through the SDK alone, against a live server. */
class AdminFlowIT {
    private static LiveServer server;
    private static KeywardClient operator;

    @BeforeAll
    static void connect() {
        server = LiveServer.shared();
        operator = KeywardClient.builder().baseUrl(server.baseUrl).adminToken(LiveServer.OPERATOR_TOKEN).build();
    }

    @AfterAll
    static void disconnect() {
        operator.close();
    }

    @Test
    void anOperatorCreatesAProjectReadsItTightensItsOtpPolicyAndRotatesItsKey() {
        Project created = operator.admin().createProject(new CreateProjectRequest("SDK admin flow", false));
        assertThat(created.id()).matches("[0-9a-f]{24}");
        assertThat(created.adminKey()).isNotBlank();
        assertThat(created.requireEmailVerification()).isFalse();
        assertThat(created.otpPolicy()).isEqualTo(new OtpPolicy(6, "numeric", 600, 5, 60, 5, 10));

        Project read = operator.admin().getProject(created.id());
        assertThat(read.name()).isEqualTo("SDK admin flow");
        assertThat(read.adminKey()).as("the admin key is shown only at creation").isNull();
        assertThat(operator.admin().listProjects().projects()).extracting(Project::id).contains(created.id());

        OtpPolicy strict = new OtpPolicy(8, "alphanumeric", 300, 5, 60, 5, 10);
        try (KeywardClient tenant = KeywardClient.builder().baseUrl(server.baseUrl).apiKey(created.adminKey()).build()) {
            assertThat(tenant.admin().updateOtpPolicy(created.id(), strict)).isEqualTo(strict);
            assertThat(tenant.admin().getOtpPolicy(created.id())).isEqualTo(strict);

            AdminKey rotated = tenant.admin().rotateAdminKey(created.id());
            assertThat(rotated.adminKey()).isNotBlank().isNotEqualTo(created.adminKey());
            KeywardApiException stale = catchThrowableOfType(KeywardApiException.class,
                    () -> tenant.admin().getProject(created.id()));
            assertThat(stale.status()).isEqualTo(401);
            assertThat(stale.code()).isEqualTo("UNAUTHORIZED");
        }
        try (KeywardClient tenant = KeywardClient.builder().baseUrl(server.baseUrl).apiKey(rotated(created)).build()) {
            assertThat(tenant.admin().getProject(created.id()).otpPolicy()).isEqualTo(strict);
        }
    }

    /** Rotates once more as the operator: the operator token works on every project. */
    private static String rotated(Project project) {
        return operator.admin().rotateAdminKey(project.id()).adminKey();
    }

    @Test
    void aPolicyThatMakesCodesGuessableIsAValidationErrorNamingTheFields() {
        Project project = operator.admin().createProject(new CreateProjectRequest("SDK weak policy", null));
        KeywardApiException e = catchThrowableOfType(KeywardApiException.class, () -> operator.admin()
                .updateOtpPolicy(project.id(), new OtpPolicy(6, "numeric", 600, 10, 60, 20, 100)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(e.details()).containsKeys("length", "maxFailuresPerDay");
        assertThat(e.details().get("length")).contains("too weak");
        assertThat(e.requestId()).isNotBlank();
        assertThat(operator.admin().getOtpPolicy(project.id()).length()).as("nothing stored").isEqualTo(6);

        KeywardApiException outOfRange = catchThrowableOfType(KeywardApiException.class, () -> operator.admin()
                .updateOtpPolicy(project.id(), new OtpPolicy(4, "numeric", 30, 5, 60, 5, 10)));
        assertThat(outOfRange.details()).containsKeys("length", "ttlSeconds");
    }

    @Test
    void missingWrongAndForeignCredentialsAndUnknownProjectsAreTypedErrors() {
        Project mine = operator.admin().createProject(new CreateProjectRequest("SDK mine", null));
        Project other = operator.admin().createProject(new CreateProjectRequest("SDK other", null));

        try (KeywardClient anonymous = KeywardClient.builder().baseUrl(server.baseUrl).build();
             KeywardClient wrong = KeywardClient.builder().baseUrl(server.baseUrl).adminToken("not-the-operator-token").build();
             KeywardClient tenant = KeywardClient.builder().baseUrl(server.baseUrl).apiKey(mine.adminKey()).build()) {
            assertError(() -> anonymous.admin().listProjects(), 401, "UNAUTHORIZED");
            assertError(() -> wrong.admin().getProject(mine.id()), 401, "UNAUTHORIZED");
            assertError(() -> tenant.admin().getProject(other.id()), 403, "FORBIDDEN");
            // createProject is operator-only in the spec, so the SDK does not even offer the tenant's key.
            assertError(() -> tenant.admin().createProject(new CreateProjectRequest("nope", null)), 401, "UNAUTHORIZED");
        }
        assertError(() -> operator.admin().getProject("0123456789abcdef01234567"), 404, "PROJECT_NOT_FOUND");
        assertError(() -> operator.admin().getProject("not-an-id"), 400, "INVALID_PROJECT_ID");
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        KeywardApiException e = catchThrowableOfType(KeywardApiException.class, call);
        assertThat(e).as("expected %d %s", status, code).isNotNull();
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.error()).isNotBlank();
        assertThat(e.requestId()).matches("[0-9a-f]{24}");
    }
}
