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
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races, on PostgreSQL only (H2 locks differently): barrier-synchronised threads, repeated.
 * B2 parallel guesses, B5 parallel requests inside the cooldown, P5 simultaneous confirms, and
 * parallel password guesses against the per-account login throttle.
 */
class ResetRaceIT {
    TestServer server;
    Api api;
    Db db;
    String project;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        server = TestServer.shared("postgres");
        api = server.api;
        db = new Db(server);
        project = Fixtures.project(api, true).id();
        pool = Executors.newFixedThreadPool(20);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        server.clock.reset();
    }

    private List<Resp> together(int threads, IntFunction<Resp> call) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Future<Resp>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                barrier.await();
                return call.apply(n);
            }));
        }
        List<Resp> out = new ArrayList<>();
        for (Future<Resp> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @RepeatedTest(5)
    void b2HundredParallelWrongCodesAreEvaluatedAtMostMaxAttemptsTimes() throws Exception {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        List<Resp> all = new ArrayList<>();
        for (int wave = 0; wave < 10; wave++) {
            all.addAll(together(10, i -> Users.confirm(api, project, email, wrong, "brand new passphrase")));
        }
        assertThat(all).allSatisfy(r -> assertThat(r.code()).isEqualTo("INVALID_OTP"));
        var row = db.rows("SELECT attempts, max_attempts FROM otp_codes WHERE project_id = ? AND purpose = 'reset'", project).get(0);
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(5);
        assertThat(Users.confirm(api, project, email, code, "brand new passphrase").code()).isEqualTo("INVALID_OTP");
    }

    @RepeatedTest(5)
    void thirtyParallelWrongPasswordsAreCheckedAtMostTenTimes() throws Exception {
        String email = Users.verified(api, project);
        List<Resp> answers = new ArrayList<>();
        for (int wave = 0; wave < 2; wave++) {
            answers.addAll(together(15, i -> Users.login(api, project, email, "wrong guess " + i)));
        }
        assertThat(answers.stream().filter(r -> r.status() == 401)).hasSize(10);
        assertThat(answers.stream().filter(r -> r.status() == 429)).hasSize(20);
        assertThat(db.count("audit_events", "project_id = ? AND type = 'login.failed'", project)).isEqualTo(10);
    }

    @RepeatedTest(5)
    void b5TwentyParallelRequestsInsideTheCooldownCreateOneCodeAndOneEmail() throws Exception {
        String email = Users.verified(api, project);
        // A first send creates the address's limits row; the race is on the resend after the cooldown.
        assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
        Mailbox.await(email, "Your password reset code", 1);
        server.clock.advance(Duration.ofSeconds(61));
        List<Resp> answers = together(20, i -> Users.requestReset(api, project, email));
        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() == 429)).hasSize(19);
        assertThat(db.count("otp_codes", "project_id = ? AND purpose = 'reset'", project)).isEqualTo(2);
        assertThat(db.count("outbox", "project_id = ? AND kind = 'reset_code'", project)).isEqualTo(2);
        Mailbox.await(email, "Your password reset code", 2);
        ResetJourneyIT.sleepQuietly(300);
        assertThat(Mailbox.to(email, "Your password reset code")).hasSize(2);
    }

    @RepeatedTest(10)
    void p5TwoSimultaneousConfirmsWithOneCodeHaveExactlyOneWinner() throws Exception {
        String email = Users.verified(api, project);
        Users.requestReset(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        List<String> passwords = List.of("first racing passphrase", "second racing passphrase");
        List<Resp> answers = together(2, i -> Users.confirm(api, project, email, code, passwords.get(i)));
        List<Integer> statuses = answers.stream().map(Resp::status).sorted().toList();
        assertThat(statuses).containsExactly(200, 400);
        int winner = answers.get(0).status() == 200 ? 0 : 1;
        assertThat(answers.get(1 - winner).code()).isEqualTo("INVALID_OTP");
        assertThat(Users.login(api, project, email, passwords.get(winner)).status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, passwords.get(1 - winner)).status()).isEqualTo(401);
        Mailbox.await(email, "Your password was changed", 1);
        ResetJourneyIT.sleepQuietly(200);
        assertThat(Mailbox.to(email, "Your password was changed")).hasSize(1);
    }
}
