package dev.keyward.mail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.keyward.support.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: a project's SMTP password is sealed at rest and never shown, audited or logged. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class SmtpSecretsIT {
    @Parameter
    String db;
    TestServer server;
    Api api;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(db);
        api = server.api;
    }

    @Test
    void theStoredPasswordIsNotInTheDatabaseNorInGetNorInTheAuditLogNorInTheLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            var p = Fixtures.project(api, false);
            String password = "smtp-secret-" + System.nanoTime();
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Map<String, Object> smtp = new LinkedHashMap<>(ProjectMailIT.smtp(closedPort, "Alpha", "a@alpha.example"));
            smtp.put("username", "alpha-login");
            smtp.put("password", password);
            Resp put = api.put("/api/admin/projects/" + p.id() + "/smtp", smtp, key(p.adminKey()));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            // A send that fails (nothing listens) logs and stores its error: neither may carry the password.
            Resp test = api.post("/api/admin/projects/" + p.id() + "/smtp/test", Map.of("to", "me@example.com"),
                    key(p.adminKey()));
            assertThat(test.json().get("ok").asBoolean()).isFalse();
            smtp.remove("password");
            smtp.put("fromName", "Alpha renamed");
            Resp kept = api.put("/api/admin/projects/" + p.id() + "/smtp", smtp, key(p.adminKey()));
            Resp get = api.get("/api/admin/projects/" + p.id() + "/smtp", key(p.adminKey()));
            Resp events = api.get("/api/admin/projects/" + p.id() + "/events?limit=200", key(p.adminKey()));

            String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
            for (Resp r : new Resp[] {put, test, kept, get, events}) {
                assertThat(r.body()).doesNotContain(password).doesNotContain(base64);
            }
            assertThat(get.json().get("passwordSet").asBoolean()).as("left out: kept").isTrue();
            assertThat(get.json().has("password")).isFalse();
            assertThat(events.body()).contains("smtp.updated").contains("smtp.tested");
            Db rows = new Db(server);
            for (String table : new String[] {"project_smtp", "audit_events", "outbox"}) {
                for (Map<String, Object> row : rows.rows("SELECT * FROM " + table + " WHERE project_id = ?", p.id())) {
                    assertThat(row.values()).as(table).noneSatisfy(v -> assertThat(String.valueOf(v)).contains(password));
                    assertThat(row.values()).as(table).noneSatisfy(v -> assertThat(String.valueOf(v)).contains(base64));
                }
            }
            assertThat(rows.rows("SELECT password_sealed FROM project_smtp WHERE project_id = ?", p.id()).get(0)
                    .get("password_sealed")).asString().isNotBlank();
            assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(password));

            smtp.put("password", null);
            assertThat(api.put("/api/admin/projects/" + p.id() + "/smtp", smtp, key(p.adminKey())).json()
                    .get("passwordSet").asBoolean()).as("null clears it").isFalse();
        } finally {
            root.detachAppender(logs);
        }
    }
}
