package dev.keyward.reset;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.keyward.support.Fixtures.operator;
import static dev.keyward.support.Users.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/SECURITY.md Enumeration, Brute force, Codes, Password set, Mail M1 and Tenancy, on H2 and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ResetSecurityIT {
    private static final String RESET = "/api/auth/local/password-reset";
    @Parameter
    String db;
    TestServer server;
    Api api;
    Db dbq;
    String project;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
        dbq = new Db(server);
        project = Fixtures.project(api, true).id();
    }

    @AfterEach
    void resetClock() {
        server.clock.reset();
    }

    private static Map<String, List<String>> comparableHeaders(Resp r) {
        Map<String, List<String>> h = new TreeMap<>(r.headers().map());
        h.remove("date");
        h.remove("x-request-id");
        return h;
    }

    @Test
    void e1ResetRequestAnswersByteIdenticallyForEveryKindOfAddress() {
        String verified = Users.verified(api, project);
        String unverified = Fixtures.uniqueEmail("unverified");
        Users.register(api, project, unverified, PASSWORD);
        String other = Fixtures.project(api, true).id();
        String elsewhere = Users.verified(api, other);
        List<Resp> answers = List.of(
                Users.requestReset(api, project, Fixtures.uniqueEmail("unknown")),
                Users.requestReset(api, project, verified),
                Users.requestReset(api, project, unverified),
                Users.requestReset(api, project, elsewhere));
        Resp first = answers.get(0);
        assertThat(first.status()).isEqualTo(200);
        for (Resp r : answers) {
            assertThat(r.status()).isEqualTo(first.status());
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(comparableHeaders(r)).isEqualTo(comparableHeaders(first));
        }
        assertThat(Mailbox.to(elsewhere, "Your password reset code")).isEmpty();
    }

    @Test
    void e2BothPathsWriteTheSameRowsAndNeitherSendsMailInline() {
        String known = Users.verified(api, project);
        Map<String, Long> before = dbq.tableCounts(project);
        Users.requestReset(api, project, known);
        Map<String, Long> afterKnown = dbq.tableCounts(project);
        Users.requestReset(api, project, Fixtures.uniqueEmail("ghost"));
        Map<String, Long> afterUnknown = dbq.tableCounts(project);
        for (String table : before.keySet()) {
            long knownDelta = afterKnown.get(table) - before.get(table);
            long unknownDelta = afterUnknown.get(table) - afterKnown.get(table);
            assertThat(unknownDelta).as(table).isEqualTo(knownDelta);
        }
        assertThat(dbq.count("outbox", "project_id = ? AND status = 'void' AND recipient IS NULL AND payload IS NULL", project))
                .isEqualTo(1);
    }

    @Test
    void e2ResendVerificationDoesTheSameWorkForUnknownVerifiedAndUnverifiedAddresses() {
        String unverified = Fixtures.uniqueEmail("unverified");
        Users.register(api, project, unverified, PASSWORD);
        String verified = Users.verified(api, project);
        List<Map<String, Long>> deltas = new ArrayList<>();
        for (String email : List.of(unverified, verified, Fixtures.uniqueEmail("ghost"))) {
            Map<String, Long> before = dbq.tableCounts(project);
            Resp r = api.post("/api/auth/resend-verification", Map.of("email", email, "projectId", project));
            assertThat(r.body()).isEqualTo("{\"message\":\"If an account exists and is unverified, a verification email has been sent\"}");
            Map<String, Long> after = dbq.tableCounts(project);
            Map<String, Long> delta = new TreeMap<>();
            before.forEach((t, n) -> delta.put(t, after.get(t) - n));
            deltas.add(delta);
        }
        assertThat(deltas.get(1)).isEqualTo(deltas.get(0));
        assertThat(deltas.get(2)).isEqualTo(deltas.get(0));
        assertThat(Mailbox.await(unverified, "Verify your email", 2)).hasSize(2);
        assertThat(Mailbox.to(verified, "Verify your email")).hasSize(1);
    }

    @Test
    void e3CooldownAndHourlyCap429sArriveAtTheSameCountForKnownAndUnknown() {
        String known = Users.verified(api, project);
        String unknown = Fixtures.uniqueEmail("ghost");
        for (String email : List.of(known, unknown)) {
            assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
            Resp limited = Users.requestReset(api, project, email);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo("RATE_LIMITED");
            assertThat(limited.header("Retry-After")).isEqualTo(limited.json().get("retryAfter").asText());
            assertThat(limited.json().get("retryAfter").asInt()).isBetween(1, 60);
        }
        List<Integer> knownStatuses = new ArrayList<>();
        List<Integer> unknownStatuses = new ArrayList<>();
        String known2 = Users.verified(api, project);
        String unknown2 = Fixtures.uniqueEmail("ghost2");
        for (int i = 0; i < 7; i++) {
            knownStatuses.add(Users.requestReset(api, project, known2).status());
            unknownStatuses.add(Users.requestReset(api, project, unknown2).status());
            server.clock.advance(Duration.ofSeconds(61));
        }
        assertThat(knownStatuses).isEqualTo(unknownStatuses).containsExactly(200, 200, 200, 200, 200, 429, 429);
    }

    private Resp confirmWrong(String email) {
        return Users.confirm(api, project, email, "000000".equals(lastCode) ? "111111" : "000000", "brand new passphrase");
    }

    private String lastCode = "";

    @Test
    void e4ConfirmGivesOneIdenticalErrorForEveryKindOfBadCode() {
        List<Resp> failures = new ArrayList<>();
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        lastCode = Mailbox.latestCode(email, 1);
        failures.add(confirmWrong(email));                                                       // wrong
        failures.add(Users.confirm(api, project, Fixtures.uniqueEmail("nobody"), lastCode, "brand new passphrase")); // unknown email
        String other = Fixtures.project(api, true).id();
        failures.add(Users.confirm(api, other, email, lastCode, "brand new passphrase"));        // other project
        String superseded = lastCode;
        server.clock.advance(Duration.ofSeconds(61));
        Users.requestReset(api, project, email);
        lastCode = Mailbox.latestCode(email, 2);
        if (!superseded.equals(lastCode)) {
            failures.add(Users.confirm(api, project, email, superseded, "brand new passphrase")); // superseded
        }
        assertThat(Users.confirm(api, project, email, lastCode, "brand new passphrase").status()).isEqualTo(200);
        failures.add(Users.confirm(api, project, email, lastCode, "other new passphrase"));     // used

        String expiring = Users.verified(api, project);
        Users.requestReset(api, project, expiring);
        String expiredCode = Mailbox.latestCode(expiring, 1);
        server.clock.advance(Duration.ofSeconds(601));
        failures.add(Users.confirm(api, project, expiring, expiredCode, "brand new passphrase")); // expired

        String locked = Users.verified(api, project);
        Users.requestReset(api, project, locked);
        lastCode = Mailbox.latestCode(locked, 1);
        for (int i = 0; i < 5; i++) {
            confirmWrong(locked);
        }
        failures.add(Users.confirm(api, project, locked, lastCode, "brand new passphrase"));     // locked

        for (Resp r : failures) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_OTP");
            assertThat(r.field("error")).isEqualTo("Invalid or expired OTP");
            assertThat(r.json().fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("error", "code", "requestId", "timestamp", "path");
            assertThat(comparableHeaders(r)).isEqualTo(comparableHeaders(failures.get(0)));
        }
    }

    @Test
    void b1AfterMaxAttemptsWrongCodesTheRightCodeIsRefused() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        lastCode = Mailbox.latestCode(email, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(confirmWrong(email).code()).isEqualTo("INVALID_OTP");
        }
        assertThat(Users.confirm(api, project, email, lastCode, "brand new passphrase").code()).isEqualTo("INVALID_OTP");
        server.clock.advance(Duration.ofSeconds(61));
        Users.requestReset(api, project, email);
        String fresh = Mailbox.latestCode(email, 2);
        assertThat(Users.confirm(api, project, email, fresh, "brand new passphrase").status()).isEqualTo(200);
    }

    @Test
    void b3FailuresCountPerAccountAcrossResendsUntilTheNextDay() {
        String email = Users.verified(api, project);
        for (int round = 1; round <= 2; round++) {
            Users.requestReset(api, project, email);
            lastCode = Mailbox.latestCode(email, round);
            for (int i = 0; i < 5; i++) {
                confirmWrong(email);
            }
            server.clock.advance(Duration.ofSeconds(61));
        }
        Users.requestReset(api, project, email);
        String third = Mailbox.latestCode(email, 3);
        assertThat(Users.confirm(api, project, email, third, "brand new passphrase").code())
                .as("10 failures today: even the right code of a fresh send is refused").isEqualTo("INVALID_OTP");
        server.clock.advance(Duration.ofHours(12));
        Users.requestReset(api, project, email);
        String halfDay = Mailbox.latestCode(email, 4);
        assertThat(Users.confirm(api, project, email, halfDay, "brand new passphrase").code())
                .as("a rolling 24 h window: no fresh budget at midnight or half a day later").isEqualTo("INVALID_OTP");
        server.clock.advance(Duration.ofHours(12));
        Users.requestReset(api, project, email);
        String nextDay = Mailbox.latestCode(email, 5);
        assertThat(Users.confirm(api, project, email, nextDay, "brand new passphrase").status()).isEqualTo(200);
    }

    @Test
    void b6WrongCodesNeverRunBcrypt() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        lastCode = Mailbox.latestCode(email, 1);
        double before = bcryptOperations();
        for (int i = 0; i < 8; i++) {
            confirmWrong(email);
            Users.confirm(api, project, Fixtures.uniqueEmail("x"), "123456", "brand new passphrase");
        }
        assertThat(bcryptOperations()).isEqualTo(before);
    }

    private double bcryptOperations() {
        for (String line : api.get("/metrics").body().split("\n")) {
            if (line.startsWith("keyward_bcrypt_operations_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric keyward_bcrypt_operations_total missing");
    }

    @Test
    void c2CodeIsAcceptedOneSecondBeforeItsTtlAndRefusedOneSecondAfter() {
        String a = Users.verified(api, project);
        String b = Users.verified(api, project);
        Users.requestReset(api, project, a);
        Users.requestReset(api, project, b);
        String codeA = Mailbox.latestCode(a, 1);
        String codeB = Mailbox.latestCode(b, 1);
        server.clock.advance(Duration.ofSeconds(599));
        assertThat(Users.confirm(api, project, a, codeA, "brand new passphrase").status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(2));
        assertThat(Users.confirm(api, project, b, codeB, "brand new passphrase").code()).isEqualTo("INVALID_OTP");
    }

    @Test
    void c4AVerificationTokenNeverResetsAPasswordAndACodeNeverVerifiesAnEmail() {
        String email = Fixtures.uniqueEmail("bound");
        Users.register(api, project, email, PASSWORD);
        String verifyToken = Mailbox.verificationToken(email);
        Resp asReset = api.post("/api/auth/local/password-reset/confirm", Map.of("email", email, "projectId", project,
                "resetToken", verifyToken, "newPassword", "brand new passphrase"));
        assertThat(asReset.code()).isEqualTo("INVALID_OTP");
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", code)).code()).isEqualTo("INVALID_TOKEN");
        assertThat(api.post("/api/auth/verify-email", Map.of("token", verifyToken, "projectId",
                Fixtures.project(api, true).id())).code()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void c5TheDatabaseHoldsOnlyAMacAndTheOutboxForgetsTheCodeOnceSent() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        for (Map<String, Object> row : dbq.rows("SELECT * FROM otp_codes WHERE project_id = ?", project)) {
            assertThat(row.values().toString()).doesNotContain(code);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (dbq.count("outbox", "project_id = ? AND kind = 'reset_code' AND payload IS NOT NULL", project) > 0
                && System.currentTimeMillis() < deadline) {
            ResetJourneyIT.sleepQuietly(20);
        }
        assertThat(dbq.count("outbox", "project_id = ? AND payload IS NOT NULL AND status <> 'pending'", project)).isZero();
        for (Map<String, Object> row : dbq.rows("SELECT * FROM outbox WHERE project_id = ?", project)) {
            assertThat(String.valueOf(row)).doesNotContain(code);
        }
        for (Map<String, Object> row : dbq.rows("SELECT * FROM audit_events WHERE project_id = ?", project)) {
            assertThat(String.valueOf(row)).doesNotContain(code).doesNotContain("ghost@");
        }
    }

    @Test
    void c7MailGoesToTheStoredAddressNotTheRequestString() {
        String stored = "Mixed.Case." + System.nanoTime() + "@example.com";
        Users.register(api, project, stored, PASSWORD);
        Users.requestReset(api, project, "  " + stored.toLowerCase().replace("example.com", "EXAMPLE.COM") + " ");
        List<Mailbox.Mail> mails = Mailbox.await(stored, "Your password reset code", 1);
        assertThat(dbq.rows("SELECT recipient FROM outbox WHERE project_id = ? AND kind = 'reset_code'", project).get(0)
                .get("recipient")).isEqualTo(stored);
        assertThat(mails).hasSize(1);
    }

    @Test
    void p1WeakPasswordIsRefusedWithoutSpendingTheCodeOrAnAttempt() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        for (String weak : List.of("short", "password123", "12345678", email, "x".repeat(257))) {
            Resp r = Users.confirm(api, project, email, code, weak);
            assertThat(r.status()).as(weak).isEqualTo(400);
            assertThat(r.code()).isEqualTo("VALIDATION_ERROR");
            assertThat(r.json().get("details").has("newPassword")).isTrue();
        }
        for (int i = 0; i < 6; i++) {
            Users.confirm(api, project, email, code, "password");
        }
        assertThat(dbq.rows("SELECT attempts FROM otp_codes WHERE project_id = ? AND purpose = 'reset'", project)
                .get(0).get("attempts")).isEqualTo(0);
        assertThat(Users.confirm(api, project, email, code, "ünïcödé pässwörd ✓").status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, "ünïcödé pässwörd ✓").status()).isEqualTo(200);
    }

    @Test
    void p2p3NoTruncationAt72BytesAndNfcNormalisation() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String longA = "y".repeat(80) + "A";
        assertThat(Users.confirm(api, project, email, Mailbox.latestCode(email, 1), longA).status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, longA).status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, "y".repeat(80) + "B").status()).isEqualTo(401);

        String composed = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e";
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e";
        String other = Fixtures.uniqueEmail("nfc");
        Users.register(api, project, other, composed);
        String token = Mailbox.verificationToken(other);
        api.post("/api/auth/verify-email", Map.of("token", token));
        assertThat(Users.login(api, project, other, decomposed).status()).isEqualTo(200);
        Resp nul = api.post("/api/auth/local/login", "{\"email\":\"" + other + "\",\"password\":\"a\\u0000b\",\"projectId\":\""
                + project + "\"}");
        assertThat(nul.status()).isEqualTo(400);
    }

    @Test
    void m1ARefusedRequestWritesNoCodeAndNoMail() {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        long codes = dbq.count("otp_codes", "project_id = ?", project);
        long outbox = dbq.count("outbox", "project_id = ?", project);
        assertThat(Users.requestReset(api, project, email).status()).isEqualTo(429);
        assertThat(dbq.count("otp_codes", "project_id = ?", project)).isEqualTo(codes);
        assertThat(dbq.count("outbox", "project_id = ?", project)).isEqualTo(outbox);
    }

    @Test
    void t1TheSameEmailInTwoProjectsIsTwoAccounts() {
        String other = Fixtures.project(api, true).id();
        String email = Users.verified(api, project);
        Users.register(api, other, email, "password of project b");
        api.post("/api/auth/verify-email", Map.of("token", Mailbox.await(email, "Verify your email", 2).get(1).text()
                .replaceAll("(?s).*token=([A-Za-z0-9_-]+).*", "$1")));
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        assertThat(Users.confirm(api, other, email, code, "brand new passphrase").code()).isEqualTo("INVALID_OTP");
        assertThat(Users.confirm(api, project, email, code, "brand new passphrase").status()).isEqualTo(200);
        assertThat(Users.login(api, other, email, "password of project b").status()).isEqualTo(200);
        assertThat(Users.login(api, other, email, "brand new passphrase").status()).isEqualTo(401);
    }

    @Test
    void badInputOfEveryShapeIsA400NeverA500() {
        List<String> bodies = List.of(
                "{\"email\":[\"a@b.co\",\"c@d.co\"],\"projectId\":\"" + project + "\"}",
                "{\"email\":{\"$ne\":null},\"projectId\":\"" + project + "\"}",
                "{\"email\":42,\"projectId\":\"" + project + "\"}",
                "{\"email\":\"a@b.co\",\"projectId\":[\"" + project + "\"]}",
                "{\"email\":\"" + "a".repeat(250) + "@b.co\",\"projectId\":\"" + project + "\"}",
                "{\"email\":\"a@b.co\\r\\nBcc: x@y.z\",\"projectId\":\"" + project + "\"}",
                "{\"email\":\"not-an-email\",\"projectId\":\"" + project + "\"}",
                "{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"projectId\":\"" + project + "\"}");
        for (String body : bodies) {
            Resp r = api.post(RESET, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.code()).isEqualTo("VALIDATION_ERROR");
        }
        Resp strapi = api.post("/api/auth/local/password-reset/confirm", "{\"email\":\"a@b.co\",\"projectId\":\"" + project
                + "\",\"otp\":{},\"newPassword\":\"brand new passphrase\"}");
        assertThat(strapi.status()).isEqualTo(400);
        assertThat(strapi.json().get("details").get("otp").asText()).isEqualTo("must be a string");
        assertThat(api.post(RESET, Map.of("email", "a@b.co", "projectId", "nope")).code()).isEqualTo("INVALID_PROJECT_ID");
        assertThat(api.post(RESET, Map.of("email", "a@b.co", "projectId", "0123456789abcdef01234567")).code())
                .isEqualTo("PROJECT_NOT_FOUND");
    }

    @Test
    void publicOtpPolicyReflectsTheProjectPolicyAtOnce() {
        Resp p = api.get("/api/auth/local/otp-policy?projectId=" + project);
        assertThat(p.body()).isEqualTo("{\"length\":6,\"alphabet\":\"numeric\",\"ttlSeconds\":600,\"maxAttempts\":5,\"resendCooldownSeconds\":60}");
        api.put("/api/admin/projects/" + project + "/otp-policy", Map.of("length", 8, "alphabet", "alphanumeric",
                "ttlSeconds", 300, "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5,
                "maxFailuresPerDay", 10), operator());
        assertThat(api.get("/api/auth/local/otp-policy?projectId=" + project).json().get("alphabet").asText())
                .isEqualTo("alphanumeric");
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        assertThat(code).matches("[2-9A-HJ-NP-Z]{8}");
        assertThat(Users.confirm(api, project, email, code.toLowerCase(), "brand new passphrase").status()).isEqualTo(200);
    }
}
