package dev.keyward.ratelimit;

import dev.keyward.db.Database;
import dev.keyward.db.Sql;
import dev.keyward.http.ApiException;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.AllowedOrigins;
import dev.keyward.project.CompatProfiles;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectDao;
import dev.keyward.project.ProjectId;
import dev.keyward.project.RegistrationMode;
import dev.keyward.support.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-IP limit on both databases; on PostgreSQL its relaxed commit stays inside its own statement. */
class IpLimiterIT {
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theSixthCallOfAMinuteIsRefusedAndTheCommitModeDoesNotLeak(String kind) {
        String url = TestDatabases.freshUrl(kind);
        boolean postgres = kind.equals("postgres");
        try (Database db = new Database(url, null, null, 2)) {
            Jdbi jdbi = db.jdbi();
            ProjectId pid = new ProjectId(ProjectId.newId(new SecureRandom()));
            jdbi.useHandle(h -> h.attach(ProjectDao.class).insert(new Project(pid.value(), "ip", false, 8, null, null,
                    null, null, OtpPolicy.DEFAULT, CompatProfiles.NONE, AllowedOrigins.NONE, RegistrationMode.CONFLICT, 0,
                    "en", ""), "key-hash"));
            IpLimiter limiter = new IpLimiter(jdbi, Clock.systemUTC(), 5, postgres);

            for (int i = 0; i < 5; i++) {
                assertThat(limiter.check(pid, "198.51.100.7")).isPresent();
            }
            assertThatThrownBy(() -> limiter.check(pid, "198.51.100.7")).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(429);
            assertThat(limiter.check(pid, "198.51.100.8")).as("another address has its own budget").isPresent();
            assertThat(limiter.check(new ProjectId(ProjectId.newId(new SecureRandom())), "198.51.100.8"))
                    .as("no such project: nothing counted").isEmpty();

            if (postgres) {
                jdbi.useHandle(h -> {
                    assertThat(Sql.first(h, IpLimitDao.UPSERT_HIT, p -> p.texts(pid.value(), "198.51.100.9").int8(0L),
                            r -> r.getInt("hits"))).contains(1);
                    // The same connection, after the statement: its relaxed commit was its own.
                    assertThat(h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()).isEqualTo("on");
                });
                assertThatThrownBy(() -> jdbi.useTransaction(h -> limiter.check(pid, "198.51.100.10")))
                        .isInstanceOf(IllegalStateException.class);
            }
        } finally {
            if (postgres) {
                TestDatabases.dropPostgres(url);
            }
        }
    }
}
