package dev.keyward.ratelimit;

import dev.keyward.db.Database;
import dev.keyward.project.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The login throttle's arithmetic, on an in-memory database (its rows are plain counters). */
class LoginThrottleTest {
    private static final ProjectId PROJECT = new ProjectId("0123456789abcdef01234567");
    private static Database db;
    private final LoginThrottle throttle = new LoginThrottle(new AddressLimits(false));

    @BeforeAll
    static void database() {
        db = new Database("jdbc:h2:mem:throttle;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", null, null, 2);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO projects (id, name, require_email_verification, password_min_length, "
                + "admin_key_hash, otp_length, otp_alphabet, otp_ttl_seconds, otp_max_attempts, otp_resend_cooldown_seconds, "
                + "otp_max_sends_per_hour, otp_max_failures_per_day, created_at) "
                + "VALUES (?, 'p', TRUE, 8, 'h', 6, 'numeric', 600, 5, 60, 5, 10, 0)", PROJECT.value()));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private OptionalLong attempt(String email, long now) {
        return db.jdbi().inTransaction(h -> throttle.countAttempt(h, PROJECT, email, now));
    }

    @Test
    void tenFailuresInFifteenMinutesAreCountedThenTheEleventhWaitsForTheOldestToAgeOut() {
        long t0 = 1_000_000_000L;
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(attempt("a@example.com", t0 + i * 1000L)).as("attempt " + (i + 1)).isEmpty();
        }
        long now = t0 + 60_000;
        OptionalLong refused = attempt("a@example.com", now);
        assertThat(refused).isPresent();
        assertThat(refused.getAsLong()).isEqualTo((t0 + LoginThrottle.WINDOW_MILLIS - now) / 1000);
        assertThat(attempt("a@example.com", t0 + LoginThrottle.WINDOW_MILLIS + 1)).as("the oldest aged out").isEmpty();
    }

    @Test
    void aSuccessForgivesTheCountedFailuresOfThatAddressOnly() {
        long t0 = 2_000_000_000L;
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            attempt("b@example.com", t0 + i);
            attempt("c@example.com", t0 + i);
        }
        db.jdbi().useTransaction(h -> throttle.forgive(h, PROJECT, "b@example.com"));
        assertThat(attempt("b@example.com", t0 + 100)).isEmpty();
        assertThat(attempt("c@example.com", t0 + 100)).isPresent();
    }

    @Test
    void theWaitIsAtLeastOneSecond() {
        long t0 = 3_000_000_000L;
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            attempt("d@example.com", t0);
        }
        assertThat(attempt("d@example.com", t0 + LoginThrottle.WINDOW_MILLIS - 1)).hasValue(1);
    }
}
