package dev.keyward.ops;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestDatabases;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A1: with the database unreachable the API answers 503 with Retry-After quickly, then recovers by itself. */
class AvailabilityIT {

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.adminUrl()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void databaseOutageIsA503WithRetryAfterAndRecoversByItself() throws Exception {
        TestServer server = TestServer.dedicated("postgres", Map.of());
        String dbName = server.dbUrl.substring(server.dbUrl.lastIndexOf('/') + 1).split("\\?")[0];
        try {
            Api api = server.api;
            String project = Fixtures.project(api, true).id();
            sql("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS false");
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + dbName + "'");
            long t0 = System.nanoTime();
            Resp down = Users.requestReset(api, project, "someone@example.com");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(down.status()).as(down.toString()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("UNAVAILABLE");
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(took).as("within the pool timeout").isLessThan(Duration.ofSeconds(8));
            assertThat(api.get("/health/ready").status()).isEqualTo(503);
            assertThat(api.get("/health/live").status()).isEqualTo(200);

            sql("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
            long deadline = System.currentTimeMillis() + 15_000;
            int status;
            do {
                Thread.sleep(200);
                status = Users.requestReset(api, project, "someone@example.com").status();
            } while (status == 503 && System.currentTimeMillis() < deadline);
            assertThat(status).isEqualTo(200);
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
        } finally {
            sql("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
            server.close();
        }
    }
}
