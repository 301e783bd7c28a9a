package dev.keyward.ops;

import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Old codes, counters and finished mail are purged; recent failures are kept, so purging never resets a budget. */
class JanitorIT {
    @Test
    void purgesWhatCanNoLongerMatterAndKeepsLiveFailureBudgets() {
        TestServer server = TestServer.dedicated("postgres", Map.of());
        try {
            Api api = server.api;
            Db db = new Db(server);
            String project = Fixtures.project(api, true).id();
            for (int i = 0; i < 5; i++) {
                Users.requestReset(api, project, Fixtures.uniqueEmail("ghost"));
            }
            String email = Users.verified(api, project);
            Users.requestReset(api, project, email);
            Mailbox.latestCode(email, 1);
            assertThat(server.app.janitor().purgeOnce().values()).allMatch(n -> n == 0);

            server.clock.advance(Duration.ofDays(3));
            String guessed = Fixtures.uniqueEmail("guessed");
            Users.confirm(api, project, guessed, "000000", "brand new passphrase");
            Map<String, Integer> deleted = server.app.janitor().purgeOnce();
            assertThat(deleted.get("otp_codes")).isGreaterThanOrEqualTo(6);
            assertThat(deleted.get("otp_limits")).isGreaterThanOrEqualTo(6);
            assertThat(db.count("otp_limits", "project_id = ? AND email_key = ?", project, guessed))
                    .as("a recent failure keeps its row").isEqualTo(1);
            server.clock.advance(Duration.ofDays(5));
            assertThat(server.app.janitor().purgeOnce().get("outbox")).isGreaterThanOrEqualTo(6);
            assertThat(db.count("outbox", "project_id = ?", project)).isZero();
            assertThat(db.count("audit_events", "project_id = ?", project)).as("the audit log is kept").isPositive();
        } finally {
            server.close();
        }
    }
}
