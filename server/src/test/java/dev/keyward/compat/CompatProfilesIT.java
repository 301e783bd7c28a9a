package dev.keyward.compat;

import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.keyward.compat.Compat.CARGO;
import static dev.keyward.compat.Compat.NEW_PASSWORD;
import static dev.keyward.compat.Compat.STRAPI;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed-compatible profiles end to end, with the seeds' own request bodies sent by a plain
 * HTTP client, through the real server, database and SMTP; every answer is checked against
 * openapi.yaml by the Api client.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class CompatProfilesIT {
    @Parameter
    String db;
    TestServer server;
    Api api;
    String project;
    String adminKey;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
        Fixtures.CreatedProject p = Compat.project(api);
        project = p.id();
        adminKey = p.adminKey();
    }

    @AfterEach
    void tearDown() {
        server.clock.reset();
    }

    @Test
    void cargoExtrasThreeStepsResetThePasswordAndTheMudbaseLoginTakesTheNewOne() {
        String email = Users.verified(api, project);
        Resp forgot = Compat.cargoForgot(api, project, email);
        assertThat(forgot.status()).isEqualTo(200);
        assertThat(forgot.body()).isEqualTo("{\"message\":\"OTP email queued successfully\"}");
        Mailbox.Mail mail = Mailbox.await(email, "Your password reset code", 1).get(0);
        String token = Mailbox.codeIn(mail.text());
        assertThat(token).hasSize(12).matches("[2-9A-HJ-NP-Z]{12}");

        Resp confirmed = Compat.cargoConfirm(api, project, token.toLowerCase());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().fieldNames()).toIterable().containsExactly("message", "email");
        assertThat(confirmed.field("message")).isEqualTo("OTP confirmed successfully");
        assertThat(confirmed.field("email")).isEqualTo(email);
        assertThat(Compat.cargoConfirm(api, project, token).body()).as("the token works once")
                .isEqualTo("{\"message\":\"Invalid OTP\"}");

        Resp reset = Compat.cargoReset(api, project, email, NEW_PASSWORD);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.body()).isEqualTo("{\"message\":\"Password reset successful\"}");
        assertThat(Compat.cargoReset(api, project, email, "another passphrase 2").body()).as("once")
                .isEqualTo("{\"message\":\"Invalid Request\"}");

        assertThat(Users.login(api, project, email, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, Users.PASSWORD).status()).isEqualTo(401);
        assertThat(Mailbox.await(email, "Your password was changed", 1)).hasSize(1);
        Resp events = api.get("/api/admin/projects/" + project + "/events?type=reset.completed", Fixtures.key(adminKey));
        assertThat(events.json().get("events").get(0).get("detail").asText()).isEqualTo("profile cargoExtra");
    }

    @Test
    void strapisResetWithTheMailedCodeAnswersWithASessionAndTheUser() {
        String email = Users.verified(api, project);
        String oldToken = Users.login(api, project, email, Users.PASSWORD).field("token");
        Resp forgot = Compat.strapiForgot(api, project, email);
        assertThat(forgot.status()).isEqualTo(200);
        assertThat(forgot.body()).isEqualTo("{\"ok\":true}");
        Mailbox.Mail mail = Mailbox.await(email, "Your password reset code", 1).get(0);
        String code = Mailbox.codeIn(mail.text());
        assertThat(code).hasSize(32).matches("[2-9A-HJ-NP-Z]{32}");
        assertThat(mail.text()).contains("http://localhost:9000/reset-password?code=" + code);

        assertThat(Compat.strapiReset(api, project, code, NEW_PASSWORD, NEW_PASSWORD + "x").body())
                .isEqualTo("{\"code\":400,\"message\":\"Passwords do not match\"}");
        assertThat(Compat.strapiReset(api, project, code, "password123", "password123").body()).as("costs nothing")
                .isEqualTo("{\"code\":400,\"message\":\"Password is too common; choose a less guessable password\"}");
        Resp reset = Compat.strapiReset(api, project, code.toLowerCase(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.json().fieldNames()).toIterable().containsExactly("jwt", "user");
        var user = reset.json().get("user");
        assertThat(user.get("email").asText()).isEqualTo(email);
        assertThat(user.get("username").asText()).isEqualTo(email);
        assertThat(user.get("provider").asText()).isEqualTo("local");
        assertThat(user.get("confirmed").asBoolean()).isTrue();
        assertThat(user.get("blocked").asBoolean()).isFalse();
        String jwt = reset.field("jwt");
        assertThat(api.get("/api/auth/local/session?projectId=" + project, "Authorization", "Bearer " + jwt).status())
                .isEqualTo(200);
        assertThat(api.get("/api/auth/local/session?projectId=" + project, "Authorization", "Bearer " + oldToken).status())
                .as("sessions from before the reset are revoked").isEqualTo(401);
        assertThat(Compat.strapiReset(api, project, code, NEW_PASSWORD, NEW_PASSWORD).body())
                .isEqualTo("{\"code\":400,\"message\":\"Incorrect code provided\"}");
        assertThat(Users.login(api, project, email, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(Mailbox.await(email, "Your password was changed", 1)).hasSize(1);
    }

    @Test
    void unknownAndKnownAddressesGetByteIdenticalAnswersOnBothForgotPasswordCalls() {
        String known = Users.verified(api, project);
        String unknown = Fixtures.uniqueEmail("nobody");
        Resp a = Compat.cargoForgot(api, project, known);
        Resp b = Compat.cargoForgot(api, project, unknown);
        assertThat(a.status()).isEqualTo(b.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(headersButIds(a)).isEqualTo(headersButIds(b));
        // The next request supersedes this code, and a superseded code's mail is dropped if still unsent.
        assertThat(Mailbox.await(known, "Your password reset code", 1)).hasSize(1);
        server.clock.advance(Duration.ofMinutes(2));
        Resp c = Compat.strapiForgot(api, project, known);
        Resp d = Compat.strapiForgot(api, project, unknown);
        assertThat(c.status()).isEqualTo(d.status()).isEqualTo(200);
        assertThat(c.body()).isEqualTo(d.body());
        assertThat(headersButIds(c)).isEqualTo(headersButIds(d));
        // The cooldown is the Mudbase request's, shared by every endpoint and every address alike.
        Resp e = Users.requestReset(api, project, known);
        Resp f = Users.requestReset(api, project, unknown);
        assertThat(e.status()).isEqualTo(f.status()).isEqualTo(429);
        assertThat(Compat.cargoForgot(api, project, unknown).body()).isEqualTo("{\"message\":\"Too many requests\"}");
        assertThat(Mailbox.await(known, "Your password reset code", 2)).hasSize(2);
        assertThat(Mailbox.to(unknown)).isEmpty();
    }

    @Test
    void knownAndUnknownAddressesCostTheSameWorkOnBothForgotPasswordCalls() {
        Db rows = new Db(server);
        String known = Users.verified(api, project);
        Map<String, Long> before = rows.tableCounts(project);
        Compat.cargoForgot(api, project, known);
        Map<String, Long> afterKnown = rows.tableCounts(project);
        String nobody = Fixtures.uniqueEmail("nobody");
        Compat.cargoForgot(api, project, nobody);
        Map<String, Long> afterUnknown = rows.tableCounts(project);
        server.clock.advance(Duration.ofMinutes(2));
        Compat.strapiForgot(api, project, known);
        Map<String, Long> afterStrapiKnown = rows.tableCounts(project);
        Compat.strapiForgot(api, project, nobody);
        Map<String, Long> afterStrapiUnknown = rows.tableCounts(project);
        for (String table : before.keySet()) {
            long knownRows = afterKnown.get(table) - before.get(table);
            assertThat(afterUnknown.get(table) - afterKnown.get(table)).as("cargo " + table).isEqualTo(knownRows);
            long strapiKnownRows = afterStrapiKnown.get(table) - afterUnknown.get(table);
            assertThat(afterStrapiUnknown.get(table) - afterStrapiKnown.get(table)).as("strapi " + table)
                    .isEqualTo(strapiKnownRows);
        }
    }

    private static Map<String, List<String>> headersButIds(Resp r) {
        Map<String, List<String>> h = new java.util.TreeMap<>(r.headers().map());
        h.remove("x-request-id");
        h.remove("date");
        return h;
    }

    @Test
    void cargosThirdStepNeedsAConfirmedResetThatIsStillInItsWindow() {
        String email = Users.verified(api, project);
        assertThat(Compat.cargoReset(api, project, email, NEW_PASSWORD).body()).as("nothing confirmed")
                .isEqualTo("{\"message\":\"Invalid Request\"}");
        assertThat(Compat.cargoReset(api, project, Fixtures.uniqueEmail("ghost"), NEW_PASSWORD).body()).as("unknown address")
                .isEqualTo("{\"message\":\"Invalid Request\"}");
        Compat.cargoForgot(api, project, email);
        String token = Mailbox.latestCode(email, 1);
        assertThat(Compat.cargoConfirm(api, project, token).status()).isEqualTo(200);
        assertThat(Compat.cargoReset(api, project, email, "short").body()).as("a weak password costs nothing")
                .isEqualTo("{\"message\":\"Password must be at least 8 characters\"}");
        server.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(Compat.cargoReset(api, project, email, NEW_PASSWORD).body()).as("after the 10-minute window")
                .isEqualTo("{\"message\":\"Invalid Request\"}");
        assertThat(Users.login(api, project, email, Users.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aNewerRequestThroughAnyEndpointSupersedesAConfirmedReset() {
        String email = Users.verified(api, project);
        Compat.cargoForgot(api, project, email);
        assertThat(Compat.cargoConfirm(api, project, Mailbox.latestCode(email, 1)).status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(61));
        assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
        assertThat(Compat.cargoReset(api, project, email, NEW_PASSWORD).body()).isEqualTo("{\"message\":\"Invalid Request\"}");
        assertThat(Users.login(api, project, email, Users.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aProfileThatIsOffOrAProjectThatCannotBeFoundAnswersInTheProfilesShape() {
        Fixtures.CreatedProject off = Fixtures.project(api, true);
        String email = Fixtures.uniqueEmail("off");
        assertThat(Compat.cargoForgot(api, off.id(), email).body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(Compat.strapiForgot(api, off.id(), email).body()).isEqualTo("{\"code\":404,\"message\":\"Not Found\"}");
        Resp read = api.get("/api/admin/projects/" + off.id(), Fixtures.key(off.adminKey()));
        assertThat(read.json().get("compat").toString()).isEqualTo("{\"cargoExtra\":false,\"strapi\":false}");

        assertThat(Compat.cargoForgot(api, "0123456789abcdef01234567", email).body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(Compat.cargoForgot(api, "not-a-project", email).body())
                .isEqualTo("{\"message\":\"Invalid project ID format\"}");
        assertThat(Compat.strapiForgot(api, "not-a-project", email).body())
                .isEqualTo("{\"code\":400,\"message\":\"Missing or invalid parameters\"}");
        Resp noProject = api.post(CARGO + "forgot-password", "{\"email\":\"" + email + "\"}");
        assertThat(noProject.status()).isEqualTo(400);
        assertThat(noProject.body()).isEqualTo("{\"message\":\"Missing One or More Required Parameters\"}");
        Resp byQuery = api.post(STRAPI + "forgot-password?projectId=" + project, "{\"email\":\"" + email + "\"}");
        assertThat(byQuery.body()).as("projectId as a query parameter").isEqualTo("{\"ok\":true}");
    }

    @Test
    void badInputGetsTheProfilesFourHundredsNeverAFiveHundredOrAMudbaseBody() {
        String[] h = Compat.projectHeader(project);
        String missingCargo = "{\"message\":\"Missing One or More Required Parameters\"}";
        String missingStrapi = "{\"code\":400,\"message\":\"Missing or invalid parameters\"}";
        for (String body : List.of("{}", "{\"resetToken\":\"\"}", "{\"resetToken\":{}}", "{\"resetToken\":[\"A\"]}",
                "{\"resetToken\":12}", "{\"resetToken\":\"AB\\u0000C\"}", "[]", "not json", "{\"resetToken\":\"a\",\"resetToken\":\"b\"}")) {
            Resp r = api.post(CARGO + "confirm-otp-reset", body, h);
            assertThat(r.body()).as(body).isEqualTo(missingCargo);
        }
        for (String body : List.of("{\"code\":{},\"password\":\"x\",\"passwordConfirmation\":\"x\"}",
                "{\"code\":{\"$gt\":0},\"password\":\"a long passphrase\",\"passwordConfirmation\":\"a long passphrase\"}",
                "{\"code\":[],\"password\":\"x\",\"passwordConfirmation\":\"x\"}",
                "{\"code\":\"ABC\\r\\nDEF\",\"password\":\"x\",\"passwordConfirmation\":\"x\"}",
                "{\"code\":\"ABC\",\"password\":\"x\"}", "{\"email\":\"a@b.co\"}")) {
            Resp r = api.post(STRAPI + "reset-password", body, h);
            assertThat(r.body()).as(body).isEqualTo(missingStrapi);
        }
        assertThat(api.post(CARGO + "forgot-password", "{\"email\":[\"a@example.com\",\"b@example.com\"]}", h).body())
                .isEqualTo(missingCargo);
        Resp big = api.post(CARGO + "forgot-password", "{\"email\":\"" + "x".repeat(20_000) + "\"}", h);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).isEqualTo("{\"message\":\"Payload Too Large\"}");
        Resp text = api.send("POST", STRAPI + "forgot-password", "text/plain", "email=a@b.co".getBytes(), h);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body()).isEqualTo("{\"code\":415,\"message\":\"Unsupported Media Type\"}");
        Resp wrongCode = Compat.strapiReset(api, project, "A".repeat(32), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(wrongCode.body()).isEqualTo("{\"code\":400,\"message\":\"Incorrect code provided\"}");
        assertThat(Compat.cargoConfirm(api, project, "ABCDEFGHJKLM").body()).isEqualTo("{\"message\":\"Invalid OTP\"}");
    }

    @Test
    void theTenantAdminSwitchesProfilesAndTheChangeIsAudited() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        Resp on = api.patch("/api/admin/projects/" + p.id(), Map.of("compat", Map.of("strapi", true)), Fixtures.key(p.adminKey()));
        assertThat(on.json().get("compat").toString()).isEqualTo("{\"cargoExtra\":false,\"strapi\":true}");
        Resp bad = api.patch("/api/admin/projects/" + p.id(), Map.of("compat", Map.of("strapi", "yes")), Fixtures.key(p.adminKey()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details").get("compat.strapi").asText()).isEqualTo("must be true or false");
        Resp events = api.get("/api/admin/projects/" + p.id() + "/events?type=project.updated", Fixtures.operator());
        assertThat(events.json().get("events").get(0).get("detail").asText())
                .isEqualTo("compat from {cargoExtra=false, strapi=false} to {cargoExtra=false, strapi=true}");
    }
}
