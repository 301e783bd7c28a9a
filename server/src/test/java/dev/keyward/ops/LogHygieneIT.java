package dev.keyward.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** C6: codes, tokens and passwords never reach logs, metrics or error bodies. */
class LogHygieneIT {
    @Test
    void aWholeJourneyLeavesNoSecretInLogsOrMetrics() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            Api api = TestServer.shared("h2").api;
            String project = Fixtures.project(api, true).id();
            String email = Fixtures.uniqueEmail("hygiene");
            String password = "secret-password-" + System.nanoTime();
            Users.register(api, project, email, password);
            String verifyToken = Mailbox.verificationToken(email);
            api.post("/api/auth/verify-email", Map.of("token", verifyToken));
            Resp login = Users.login(api, project, email, password);
            Users.requestReset(api, project, email);
            String code = Mailbox.latestCode(email, 1);
            String newPassword = "another-secret-" + System.nanoTime();
            Resp wrong = Users.confirm(api, project, email, code.equals("999999") ? "000000" : "999999", newPassword);
            Users.confirm(api, project, email, code, newPassword);
            String metrics = api.get("/metrics").body();
            for (String secret : new String[] {password, newPassword, code, verifyToken, login.field("token"),
                    login.field("refreshToken")}) {
                assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(secret));
                assertThat(metrics).doesNotContain(secret);
                assertThat(wrong.body()).doesNotContain(secret);
            }
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getLoggerName()).isEqualTo("keyward.access"));
        } finally {
            root.detachAppender(logs);
        }
    }
}
