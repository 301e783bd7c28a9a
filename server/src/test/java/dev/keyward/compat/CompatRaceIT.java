package dev.keyward.compat;

import dev.keyward.App;
import dev.keyward.config.Config;
import dev.keyward.config.ConfigException;
import dev.keyward.config.Secrets;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static dev.keyward.compat.Compat.NEW_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compat profiles' bindings and budgets under concurrency, on PostgreSQL (H2 locks
 * differently), behind a trusted proxy so that each request can come from its own client address.
 */
class CompatRaceIT {
    static final int PROJECT_BUDGET = 50;
    static TestServer server;
    static Api api;
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        server = TestServer.dedicated("postgres", Map.of("KEYWARD_TRUSTED_PROXIES", "127.0.0.1/32",
                "KEYWARD_TOKEN_FAILURES_PER_HOUR", String.valueOf(PROJECT_BUDGET)));
        api = server.api;
        pool = Executors.newFixedThreadPool(20);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        server.close();
    }

    private static String[] from(String ip) {
        return new String[] {"X-Forwarded-For", ip};
    }

    private static List<Resp> together(int threads, IntFunction<Resp> call) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(Math.min(threads, 20));
        List<Future<Resp>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                if (threads <= 20) {
                    barrier.await();
                }
                return call.apply(n);
            }));
        }
        List<Resp> out = new ArrayList<>();
        for (Future<Resp> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void theThirdStepIsHonouredOnlyForTheClientNetworkThatConfirmed() {
        String project = Compat.project(api).id();
        String email = Users.verified(api, project);
        Compat.cargoForgot(api, project, email);
        String token = Mailbox.latestCode(email, 1);
        assertThat(Compat.cargoConfirm(api, project, token, from("203.0.113.7")).status()).isEqualTo(200);
        assertThat(Compat.cargoReset(api, project, email, NEW_PASSWORD, from("203.0.113.8")).body())
                .as("another client IP").isEqualTo("{\"message\":\"Invalid Request\"}");
        assertThat(Compat.cargoReset(api, project, email, NEW_PASSWORD, from("203.0.113.7")).status()).isEqualTo(200);
        assertThat(Compat.cargoReset(api, project, email, "yet another passphrase", from("203.0.113.7")).body())
                .as("a second time").isEqualTo("{\"message\":\"Invalid Request\"}");

        String v6 = Users.verified(api, project);
        Compat.cargoForgot(api, project, v6);
        assertThat(Compat.cargoConfirm(api, project, Mailbox.latestCode(v6, 1), from("2001:db8:1:2::1")).status()).isEqualTo(200);
        assertThat(Compat.cargoReset(api, project, v6, NEW_PASSWORD, from("2001:db8:1:3::1")).status()).as("another /64")
                .isEqualTo(400);
        assertThat(Compat.cargoReset(api, project, v6, NEW_PASSWORD, from("2001:db8:1:2:abcd::9")).status())
                .as("the same /64").isEqualTo(200);
    }

    @Test
    void hundredParallelWrongTokensNeverSucceedAndTheProjectBudgetAnswersTooManyRequests() throws Exception {
        String project = Compat.project(api).id();
        String email = Users.verified(api, project);
        Compat.cargoForgot(api, project, email);
        String token = Mailbox.latestCode(email, 1);
        String wrong = token.startsWith("A") ? "B" + token.substring(1) : "A" + token.substring(1);
        List<Resp> all = together(100, i -> Compat.cargoConfirm(api, project, wrong, from("198.51.100." + (i + 1))));
        assertThat(all).noneMatch(r -> r.status() == 200);
        assertThat(all.stream().filter(r -> r.body().equals("{\"message\":\"Invalid OTP\"}"))).hasSize(PROJECT_BUDGET);
        assertThat(all.stream().filter(r -> r.status() == 429)).hasSize(100 - PROJECT_BUDGET)
                .allSatisfy(r -> assertThat(r.header("Retry-After")).isNotNull());
        assertThat(Compat.cargoConfirm(api, project, token, from("198.51.100.200")).status())
                .as("even the right token waits until the hour is over").isEqualTo(429);
        String other = Compat.project(api).id();
        assertThat(Compat.cargoConfirm(api, other, wrong, from("198.51.100.201")).body())
                .as("another project's budget is its own").isEqualTo("{\"message\":\"Invalid OTP\"}");
    }

    @Test
    void oneClientNetworkRunsOutOfGuessesLongBeforeTheProject() throws Exception {
        String project = Compat.project(api).id();
        List<Resp> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(Compat.strapiReset(api, project, "B".repeat(32), NEW_PASSWORD, NEW_PASSWORD));
        }
        assertThat(all.subList(0, 20)).allSatisfy(r -> assertThat(r.body())
                .isEqualTo("{\"code\":400,\"message\":\"Incorrect code provided\"}"));
        assertThat(all.subList(20, 25)).allSatisfy(r -> assertThat(r.body())
                .isEqualTo("{\"code\":429,\"message\":\"Too many requests\"}"));
    }

    @RepeatedTest(3)
    void twoSimultaneousStrapiResetsWithOneCodeSucceedOnce() throws Exception {
        String project = Compat.project(api).id();
        String email = Users.verified(api, project);
        Compat.strapiForgot(api, project, email);
        String code = Mailbox.latestCode(email, 1);
        List<Resp> both = together(2, i -> Compat.strapiReset(api, project, code, "winner passphrase " + i,
                "winner passphrase " + i));
        assertThat(both.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(both.stream().filter(r -> r.status() == 400)).hasSize(1);
        int winner = both.get(0).status() == 200 ? 0 : 1;
        assertThat(Users.login(api, project, email, "winner passphrase " + winner).status()).isEqualTo(200);
        assertThat(Users.login(api, project, email, "winner passphrase " + (1 - winner)).status()).isEqualTo(401);
    }

    @Test
    void aHeaderlessClientFindsTheServersDefaultProjectWhichMustExistAtStart() {
        String project = Compat.project(api).id();
        TestServer second = TestServer.dedicated("postgres", Map.of("KEYWARD_DB_URL", server.dbUrl,
                "KEYWARD_DEFAULT_PROJECT", project));
        try {
            String email = Fixtures.uniqueEmail("headerless");
            Resp r = second.api.post("/api/v1/user/forgot-password", "{\"email\":\"" + email + "\"}");
            assertThat(r.body()).isEqualTo("{\"message\":\"OTP email queued successfully\"}");
        } finally {
            second.app.close();
        }
        Map<String, String> env = Map.of("KEYWARD_DB_URL", server.dbUrl, "KEYWARD_DEFAULT_PROJECT",
                "0123456789abcdef01234567", "KEYWARD_SECRET", TestServer.SECRET, "KEYWARD_ADMIN_TOKEN",
                TestServer.OPERATOR_TOKEN, "KEYWARD_PORT", "0", "KEYWARD_DEV_MAILBOX", "true");
        Config config = Config.fromEnvironment(env);
        assertThatThrownBy(() -> new App(config, Secrets.load(config, new SecureRandom()), Clock.systemUTC(),
                new SecureRandom())).isInstanceOf(ConfigException.class).hasMessageContaining("KEYWARD_DEFAULT_PROJECT");
    }
}
